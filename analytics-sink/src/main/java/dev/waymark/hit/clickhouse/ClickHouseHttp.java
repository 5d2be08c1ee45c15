package dev.waymark.hit.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Blocking calls to ClickHouse's HTTP interface, one statement per request, using only what
 * 18.16 and current servers both understand (SQL in the body, {@code FORMAT} in the SQL, Basic
 * auth, gzip request bodies). Safe to share between threads.
 */
public final class ClickHouseHttp {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final ClickHouseConfig config;
  private final HttpClient client;
  private final String authorization;
  private final Map<String, String> defaults;

  public ClickHouseHttp(ClickHouseConfig config) {
    this.config = config;
    // On a cluster, an insert through a Distributed table returns only once every shard it wrote
    // to has the rows (by default they would wait in a queue on this server and arrive later), and
    // reads and inserts pick the same replica of a shard (the first one up, not one at random), so
    // a check of a batch or a conversion after an insert sees what the insert did, not a replica
    // that has yet to fetch it.
    this.defaults = config.cluster() == null ? Map.of()
        : Map.of("insert_distributed_sync", "1", "load_balancing", "in_order");
    // HTTP/1.1 only: the JDK's h2c upgrade attempt is pointless against ClickHouse.
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CONNECT_TIMEOUT)
        .build();
    this.authorization = "Basic " + Base64.getEncoder().encodeToString(
        (config.user() + ":" + config.password()).getBytes(StandardCharsets.UTF_8));
  }

  public ClickHouseConfig config() {
    return config;
  }

  /** Runs one statement (DDL or a SELECT with its own FORMAT clause) and returns the body. */
  public String execute(String sql) throws ClickHouseException {
    return execute(sql, Map.of());
  }

  /** As {@link #execute(String)}, with settings for this statement as URL parameters. */
  public String execute(String sql, Map<String, String> settings) throws ClickHouseException {
    return send(statement(sql, settings), false);
  }

  /**
   * As {@link #execute(String, Map)} for an {@code INSERT ... SELECT}: a broken exchange leaves its
   * outcome unknown, as for {@link #insertGzip}.
   */
  public void executeInsert(String sql, Map<String, String> parameters) throws ClickHouseException {
    send(statement(sql, parameters), true);
  }

  private HttpRequest statement(String sql, Map<String, String> parameters) {
    return base(URI.create(config.url() + "/" + query(parameters)))
        .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8))
        .build();
  }

  private String query(Map<String, String> parameters) {
    StringBuilder query = new StringBuilder();
    Map<String, String> all = new LinkedHashMap<>(parameters);
    defaults.forEach(all::putIfAbsent);
    all.forEach((name, value) -> query.append(query.length() == 0 ? '?' : '&').append(name).append('=')
        .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
    return query.toString();
  }

  /**
   * Runs one SELECT with its own FORMAT clause and returns the body as it arrives; the caller reads
   * it at its own pace and closes it. Closing before the end drops the connection, which ends the
   * query on the server; a body read to its end leaves the connection for the next read. The
   * request timeout bounds each wait for data.
   *
   * <p>Over the JDK's {@code HttpURLConnection}, not the {@code java.net.http} client the inserts
   * use: an exchange costs half the CPU (checked here: 0.4 against 0.8–1.1 ms for {@code SELECT 1}),
   * and all of it on the calling thread, so a caller of low priority (the stats) pays for it at
   * that priority rather than on the client's own threads. Reads only: in fixed-length mode the
   * JDK never re-sends a request, but only a read could bear it if it did.
   */
  public InputStream read(String sql, Map<String, String> settings) throws ClickHouseException {
    byte[] body = sql.getBytes(StandardCharsets.UTF_8);
    HttpURLConnection connection;
    try {
      connection = (HttpURLConnection) URI.create(config.url() + "/" + query(settings)).toURL().openConnection();
      connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
      connection.setReadTimeout((int) Math.min(Integer.MAX_VALUE, config.requestTimeout().toMillis()));
      connection.setRequestMethod("POST");
      connection.setRequestProperty("Authorization", authorization);
      connection.setDoOutput(true);
      connection.setFixedLengthStreamingMode(body.length);
      try (OutputStream out = connection.getOutputStream()) {
        out.write(body);
      }
      int status = connection.getResponseCode();
      if (status / 100 != 2) {
        String detail;
        try (InputStream error = connection.getErrorStream()) {
          detail = error == null ? "" : new String(error.readNBytes(500), StandardCharsets.UTF_8).strip();
        }
        connection.disconnect();
        throw new ClickHouseException("HTTP " + status + ": " + detail, status, false, null);
      }
      return new ReadBody(connection);
    } catch (ConnectException | java.net.SocketTimeoutException e) {
      throw new ClickHouseException("cannot read from " + config.url() + ": " + e, 0, false, e);
    } catch (ClickHouseException e) {
      throw e;
    } catch (IOException e) {
      throw new ClickHouseException("exchange with " + config.url() + " broke: " + e, 0, false, e);
    }
  }

  /** An answer's body that drops its connection when closed before its end. */
  private static final class ReadBody extends java.io.FilterInputStream {

    private final HttpURLConnection connection;
    private boolean ended;

    ReadBody(HttpURLConnection connection) throws IOException {
      super(connection.getInputStream());
      this.connection = connection;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      ended |= b < 0;
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      ended |= n < 0;
      return n;
    }

    @Override
    public void close() throws IOException {
      if (ended) {
        super.close();
      } else {
        // Closing the stream itself would read the rest of the answer to keep the connection.
        connection.disconnect();
      }
    }
  }

  /** A single-value SELECT, trimmed; the SQL must not carry a FORMAT clause. */
  public String queryValue(String sql) throws ClickHouseException {
    return execute(sql + " FORMAT TabSeparated").trim();
  }

  /**
   * Sends {@code INSERT ... FORMAT x} with a gzip-compressed data body. An exception with
   * {@link ClickHouseException#outcomeUnknown()} set means the rows may or may not be in.
   */
  public void insertGzip(String insertSql, byte[] gzipBody) throws ClickHouseException {
    insertGzip(insertSql, gzipBody, Map.of());
  }

  /**
   * As {@link #insertGzip(String, byte[])}, with URL parameters such as {@code query_id} (a second
   * request with a running query's id is refused by the server:
   * {@link ClickHouseException#QUERY_WITH_SAME_ID_IS_ALREADY_RUNNING}) and settings the server
   * must know, or it refuses the request.
   */
  public void insertGzip(String insertSql, byte[] gzipBody, Map<String, String> parameters)
      throws ClickHouseException {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("query", insertSql);
    all.putAll(parameters);
    URI uri = URI.create(config.url() + "/" + query(all));
    HttpRequest request = base(uri)
        .header("Content-Encoding", "gzip")
        .POST(HttpRequest.BodyPublishers.ofByteArray(gzipBody))
        .build();
    send(request, true);
  }

  private HttpRequest.Builder base(URI uri) {
    return HttpRequest.newBuilder(uri)
        .timeout(config.requestTimeout())
        .header("Authorization", authorization);
  }

  private String send(HttpRequest request, boolean isInsert) throws ClickHouseException {
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (ConnectException | HttpConnectTimeoutException e) {
      // Nothing left this process: the server cannot have seen the statement.
      throw new ClickHouseException("cannot connect to " + config.url() + ": " + e, 0, false, e);
    } catch (IOException e) {
      throw new ClickHouseException("exchange with " + config.url() + " broke: " + e, 0, isInsert, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClickHouseException("interrupted", 0, isInsert, e);
    }
    if (response.statusCode() / 100 != 2) {
      String body = response.body();
      String detail = body.length() > 500 ? body.substring(0, 500) + "..." : body.strip();
      // An insert that spans partitions is written part by part, so even an error answer does not
      // prove that no rows went in: inserts are checked before any re-send.
      throw new ClickHouseException("HTTP " + response.statusCode() + ": " + detail,
          response.statusCode(), isInsert, null);
    }
    return response.body();
  }
}

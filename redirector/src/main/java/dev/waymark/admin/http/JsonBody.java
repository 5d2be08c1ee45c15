package dev.waymark.admin.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waymark.problem.Problem;
import dev.waymark.problem.ProblemException;
import dev.waymark.problem.ProblemType;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a request body as exactly one JSON object: the right media type, well-formed, no duplicate
 * members, nothing after the object. Anything else is a 400 or 415 problem saying what is wrong.
 */
public final class JsonBody {

  public static final Set<String> JSON = Set.of("application/json");
  public static final Set<String> JSON_OR_MERGE_PATCH = Set.of("application/json", "application/merge-patch+json");

  private static final ObjectReader READER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      // Numbers keep the digits sent: an amount of money must not round through a double.
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build()
      .readerFor(JsonNode.class);

  private JsonBody() {}

  /** The body as an object, if its media type is one of {@code accepted}. */
  public static ObjectNode object(RoutingContext ctx, Set<String> accepted) {
    String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    String mediaType = contentType == null ? null
        : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (mediaType == null || !accepted.contains(mediaType)) {
      throw new ProblemException(Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE,
          "Content-Type must be " + String.join(" or ", Violations.sorted(accepted))
              + (contentType == null ? "; none was sent" : ", was " + mediaType)));
    }
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw ProblemException.invalid("body", "must be a JSON object; the body was empty");
    }
    JsonNode node;
    try {
      node = READER.readValue(body.getBytes());
    } catch (JsonParseException e) {
      throw ProblemException.invalid("body", "is not valid JSON" + where(e) + reason(e.getOriginalMessage()));
    } catch (StreamConstraintsException e) {
      // Jackson's own wording names its classes; say it ourselves.
      throw ProblemException.invalid("body", "exceeds the JSON nesting or size limits" + where(e));
    } catch (JsonProcessingException e) {
      throw ProblemException.invalid("body", "has content after the JSON value" + where(e));
    } catch (IOException e) {
      throw ProblemException.invalid("body", "could not be read as JSON");
    }
    if (node == null || !node.isObject()) {
      throw ProblemException.invalid("body", "must be a JSON object, was " + kind(node));
    }
    return (ObjectNode) node;
  }

  private static String where(JsonProcessingException e) {
    return e.getLocation() == null ? ""
        : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
  }

  /** The parser's reason, unless it talks about Jackson itself (feature flags, class names). */
  private static String reason(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    String line = nl < 0 ? message : message.substring(0, nl);
    return line.contains("`") || line.contains("Exception") ? "" : ": " + line;
  }

  private static String kind(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "empty";
    }
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> "not an object";
    };
  }
}

package dev.waymark.key;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waymark.client.AdminApiException;
import dev.waymark.client.ApiOption;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code waymark keys create|list|revoke}: named admin API keys, through a running Waymark's admin
 * API (which needs a {@code keys:admin} key). Exit status 0 done, 1 the API refused or could not
 * be reached, 2 bad options.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
    subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class},
    description = "Named admin API keys with scopes, through a running Waymark's admin API.",
    footer = {"", "Exit status: 0 done; 1 the API refused or could not be reached; 2 bad options."})
public final class KeysCommand implements Callable<Integer> {

  static final int REFUSED = 1;
  static final int BAD_OPTIONS = 2;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand: create, list or revoke");
  }

  /** The admin API and the key to call it with, shared by every subcommand. */
  static final class Api {
    @Mixin
    ApiOption api;

    // Never shown as a default: it is the key.
    @Option(names = "--key", paramLabel = "KEY", defaultValue = "${env:WAYMARK_ADMIN_API_KEY}",
        showDefaultValue = Visibility.NEVER,
        description = "A keys:admin key. Defaults to $WAYMARK_ADMIN_API_KEY; prefer that, to keep the key out of "
            + "shell history and process lists.")
    String key;

    /** The client, or {@code null} after naming the bad option on {@code err}. */
    KeysClient client(String command, PrintWriter err) {
      List<String> problems = new ArrayList<>();
      URI uri = api.uri(problems);
      ApiOption.checkKey(key, problems);
      // One line only: when both are wrong, the key's problem is the one named.
      String problem = problems.isEmpty() ? null : problems.get(problems.size() - 1);
      if (problem != null) {
        err.println("waymark keys " + command + ": " + problem);
        err.flush();
        return null;
      }
      return new KeysClient(uri, key.strip());
    }
  }

  /**
   * What every subcommand does around its one call: check the options (2 when bad), then run it,
   * printing the API's refusal (1) on standard error.
   */
  abstract static class Subcommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    Api api;

    private final String command;

    Subcommand(String command) {
      this.command = command;
    }

    /** The subcommand's call; its output goes to {@code out}, what people should read to {@code err}. */
    abstract int run(KeysClient client, PrintWriter out, PrintWriter err) throws AdminApiException, InterruptedException;

    @Override
    public final Integer call() throws InterruptedException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      KeysClient client = api.client(command, err);
      if (client == null) {
        return BAD_OPTIONS;
      }
      try {
        return run(client, out, err);
      } catch (AdminApiException e) {
        err.println("waymark keys " + command + ": " + e.getMessage());
        err.flush();
        return REFUSED;
      }
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Create a named key and print it, alone on standard output; it is shown this once.",
          "Scopes: links:read, links:write, stats:read, webhooks:write, conversions:write, keys:admin (implies every "
              + "other)."})
  static final class Create extends Subcommand {
    Create() {
      super("create");
    }

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "Who or what uses the key, 1-100 characters.")
    String name;

    @Option(names = "--scope", required = true, split = ",", paramLabel = "SCOPE",
        description = "A scope; repeat it or separate scopes with commas.")
    List<String> scopes;

    @Option(names = "--expires-at", paramLabel = "INSTANT",
        description = "When the key stops working, ISO-8601 such as 2027-06-30T00:00:00Z (default: never).")
    String expiresAt;

    @Override
    int run(KeysClient client, PrintWriter out, PrintWriter err) throws AdminApiException, InterruptedException {
      ObjectNode body = new ObjectMapper().createObjectNode().put("name", name);
      scopes.forEach(body.putArray("scopes")::add);
      if (expiresAt != null) {
        body.put("expiresAt", expiresAt);
      }
      JsonNode created = client.create(body);
      err.println("Created key " + created.path("id").asText() + " '" + created.path("name").asText() + "' ("
          + scopes(created) + "), expires " + orNever(created.path("expiresAt")) + ".");
      err.println("It is shown this once; only its SHA-256 is kept:");
      err.flush();
      out.println(created.path("key").asText());
      out.flush();
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List every key (never a key itself): id, name, scopes, created, expires, last used.")
  static final class ListKeys extends Subcommand {
    ListKeys() {
      super("list");
    }

    @Override
    int run(KeysClient client, PrintWriter out, PrintWriter err) throws AdminApiException, InterruptedException {
      JsonNode keys = client.list().path("keys");
      String format = "%-12s  %-24s  %-34s  %-20s  %-20s  %s%n";
      out.printf(format, "ID", "NAME", "SCOPES", "CREATED", "EXPIRES", "LAST USED");
      for (JsonNode k : keys) {
        boolean bootstrap = k.path("bootstrap").asBoolean();
        out.printf(format, k.path("id").asText(), k.path("name").asText(), scopes(k),
            bootstrap ? "-" : k.path("createdAt").asText(), bootstrap ? "-" : orNever(k.path("expiresAt")),
            bootstrap ? "-" : k.path("lastUsedAt").isTextual() ? k.path("lastUsedAt").asText() : "never");
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revoke a key by its id; every Waymark instance refuses it within about a second.")
  static final class Revoke extends Subcommand {
    Revoke() {
      super("revoke");
    }

    @Parameters(paramLabel = "ID", description = "The key's id, as `keys list` shows it.")
    String id;

    @Override
    int run(KeysClient client, PrintWriter out, PrintWriter err) throws AdminApiException, InterruptedException {
      client.revoke(id);
      out.println("Revoked key " + id + ".");
      out.flush();
      return 0;
    }
  }

  private static String scopes(JsonNode key) {
    List<String> names = new ArrayList<>();
    key.path("scopes").forEach(s -> names.add(s.asText()));
    return String.join(",", names);
  }

  private static String orNever(JsonNode instant) {
    return instant.isTextual() ? instant.asText() : "never";
  }
}

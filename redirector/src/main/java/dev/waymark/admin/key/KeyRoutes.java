package dev.waymark.admin.key;

import dev.waymark.admin.http.JsonBody;
import dev.waymark.admin.http.Reply;
import dev.waymark.admin.http.StoreCall;
import dev.waymark.audit.AuditAction;
import dev.waymark.audit.AuditRecorder;
import dev.waymark.audit.AuditTarget;
import dev.waymark.key.AuthenticatedKey;
import dev.waymark.key.KeyAuthenticator;
import dev.waymark.key.KeySecret;
import dev.waymark.key.KeyStore;
import dev.waymark.key.NamedKey;
import dev.waymark.problem.ProblemException;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The handlers of {@code /api/v1/keys}: named keys are created (the key answered once, only its
 * hash kept), listed (never the key nor its hash) and revoked. The bootstrap key is listed but
 * cannot be revoked here.
 */
public final class KeyRoutes {

  private static final String STORE = "key store";

  private final KeyStore store;
  private final KeyAuthenticator authenticator;
  private final Clock clock;
  private final RandomGenerator random;
  private final AuditRecorder audit;

  public KeyRoutes(KeyStore store, KeyAuthenticator authenticator, Clock clock, RandomGenerator random, AuditRecorder audit) {
    this.store = store;
    this.audit = audit;
    this.authenticator = authenticator;
    this.clock = clock;
    this.random = random;
  }

  public void create(RoutingContext ctx) {
    Instant now = clock.instant();
    KeyRequest request = KeyRequest.parse(JsonBody.object(ctx, JsonBody.JSON), now);
    KeySecret secret = KeySecret.generate(random);
    NamedKey key = new NamedKey(secret.id(), request.name(), request.scopes(), now, request.expiresAt(), null,
        KeySecret.sha256Hex(secret.key()));
    Future<Reply> reply = StoreCall.of(ctx, STORE, () -> store.create(key)).map(ok -> {
      if (!ok) {
        // 60 random bits: a collision means something is wrong with the random source, not bad luck.
        throw ProblemException.unavailable("a new key's id was taken; try again", null);
      }
      return new Reply(201, null, Reply.json(new KeyView.Created(key.id(), key.name(),
          KeyView.wireNames(key.scopes()), key.createdAt(), key.expiresAt(), secret.key())));
    }).compose(created -> audit.record(ctx, AuditAction.CREATE, AuditTarget.KEY, key.id(), null, KeyView.of(key))
        .map(v -> created));
    Reply.send(ctx, reply);
  }

  public void list(RoutingContext ctx) {
    Reply.send(ctx, StoreCall.of(ctx, STORE, store::list).map(keys -> {
      List<KeyView> views = new ArrayList<>(keys.size() + 1);
      views.add(KeyView.BOOTSTRAP);
      keys.stream().sorted(Comparator.comparing(NamedKey::createdAt).thenComparing(NamedKey::id))
          .map(KeyView::of).forEach(views::add);
      return new Reply(200, null, Reply.json(new KeyView.Page(views)));
    }));
  }

  public void delete(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (AuthenticatedKey.BOOTSTRAP_ID.equals(id)) {
      throw ProblemException.conflict("id", "the bootstrap key cannot be revoked through the API: it is "
          + "WAYMARK_ADMIN_API_KEY, or the key whose hash is in the data directory's admin-key.sha256; "
          + "change that and restart");
    }
    if (!NamedKey.ID.matcher(id).matches()) {
      throw ProblemException.notFound("no key with id '" + id + "'");
    }
    // Read first, so the audit log can say which key was revoked (its name and scopes).
    Future<Reply> reply = StoreCall.of(ctx, STORE, () -> store.find(id)).compose(found -> {
      if (found == null) {
        throw ProblemException.notFound("no key with id '" + id + "'");
      }
      return StoreCall.of(ctx, STORE, () -> store.delete(id)).compose(deleted -> {
        if (!deleted) {
          throw ProblemException.notFound("no key with id '" + id + "'");
        }
        authenticator.revoked(id);
        return audit.record(ctx, AuditAction.DELETE, AuditTarget.KEY, id, KeyView.of(found), null)
            .map(v -> new Reply(204, null, null));
      });
    });
    Reply.send(ctx, reply);
  }
}

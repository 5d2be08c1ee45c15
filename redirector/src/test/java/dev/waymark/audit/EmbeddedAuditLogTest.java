package dev.waymark.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log contract on an MVStore file, plus what only a file store promises. */
class EmbeddedAuditLogTest extends AuditLogContract {

  @TempDir
  Path dir;

  @Override
  protected AuditLog openEmptyLog(Vertx vertx) throws Exception {
    return get(EmbeddedAuditLog.open(vertx, dir.resolve("audit.mv")));
  }

  @Test
  void close_thenReopen_keepsEntries() throws Exception {
    AuditEntry a = entry(1, ALICE, AuditAction.CREATE, AuditTarget.LINK, "abc");
    get(log.append(List.of(a)));
    get(log.close());

    log = get(EmbeddedAuditLog.open(vertx, dir.resolve("audit.mv")));

    assertThat(get(log.query(AuditQuery.all(10))).entries()).containsExactly(a);
  }
}

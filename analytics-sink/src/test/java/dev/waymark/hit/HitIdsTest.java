package dev.waymark.hit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class HitIdsTest {

  @Test
  void millisOf_readsTheMillisecondAnIdWasMadeIn() {
    long millis = 1_763_884_800_123L;
    assertThat(HitIds.millisOf(HitIds.next(millis))).isEqualTo(millis);
    assertThat(HitIds.millisOf(HitIds.next(0))).isZero();
  }

  @Test
  void millisOf_anyOtherUuid_isMinusOne() {
    assertThat(HitIds.millisOf(UUID.randomUUID())).isEqualTo(-1); // version 4
    assertThat(HitIds.millisOf(new UUID(0x0190a1b2c3d46e5fL, 0x8a9b0c1d2e3f4a5bL))).isEqualTo(-1); // version 6
    assertThat(HitIds.millisOf(new UUID(0x0190a1b2c3d47e5fL, 0x0a9b0c1d2e3f4a5bL))).isEqualTo(-1); // NCS variant
    assertThat(HitIds.millisOf(new UUID(0x0190a1b2c3d47e5fL, 0x8a9b0c1d2e3f4a5bL))).isEqualTo(0x0190a1b2c3d4L);
  }
}

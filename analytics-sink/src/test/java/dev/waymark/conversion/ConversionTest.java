package dev.waymark.conversion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ConversionTest {

  static final UUID CLICK = UUID.fromString("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");

  static Conversion valued(String value, String currency) {
    return new Conversion(CLICK, "sale", value == null ? null : new BigDecimal(value), currency, "o-1");
  }

  @Test
  void valueMicros_isTheValueInMillionths_orZeroWithoutValue() {
    assertThat(valued("12.345678", "EUR").valueMicros()).isEqualTo(12_345_678L);
    assertThat(valued("1000000000000", "EUR").valueMicros()).isEqualTo(1_000_000_000_000_000_000L);
    assertThat(valued("0.10", "EUR").valueMicros()).isEqualTo(100_000L);
    assertThat(valued("1.5000000", "EUR").valueMicros()).isEqualTo(1_500_000L);
    assertThat(valued(null, null).valueMicros()).isZero();
  }

  @Test
  void missingParts_areRefusedByName() {
    assertThatThrownBy(() -> new Conversion(null, "sale", null, null, "")).hasMessage("click");
    assertThatThrownBy(() -> new Conversion(CLICK, null, null, null, "")).hasMessage("type");
    assertThatThrownBy(() -> new Conversion(CLICK, "sale", null, null, null)).hasMessage("id");
  }

  @Test
  void badType_isRefused() {
    for (String type : new String[] {"", "Sale", "_sale", "sale!", "a".repeat(33), "sa le"}) {
      assertThatThrownBy(() -> new Conversion(CLICK, type, null, null, "")).as(type)
          .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("type must match");
    }
    assertThat(new Conversion(CLICK, "a".repeat(32), null, null, "").type()).hasSize(32);
  }

  @Test
  void badId_isRefused() {
    for (String id : new String[] {"x".repeat(Conversion.MAX_ID_LENGTH + 1), "a\tb", "a\nb", "a\u0000"}) {
      assertThatThrownBy(() -> new Conversion(CLICK, "sale", null, null, id))
          .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("id must be");
    }
    assertThat(new Conversion(CLICK, "sale", null, null, "x".repeat(Conversion.MAX_ID_LENGTH)).id()).hasSize(128);
  }

  @Test
  void valueAndCurrency_comeTogether() {
    assertThatThrownBy(() -> valued("1", null)).hasMessage("value and currency come together or not at all");
    assertThatThrownBy(() -> valued(null, "EUR")).hasMessage("value and currency come together or not at all");
  }

  @Test
  void badValue_isRefused() {
    for (String value : new String[] {"-0.01", "1000000000000.000001", "0.0000001", "1E+13"}) {
      assertThatThrownBy(() -> valued(value, "EUR")).as(value)
          .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("value must be 0 to");
    }
  }

  @Test
  void badCurrency_isRefused() {
    for (String currency : new String[] {"eur", "EURO", "EU", "€UR"}) {
      assertThatThrownBy(() -> valued("1", currency)).as(currency)
          .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("currency must be");
    }
  }
}

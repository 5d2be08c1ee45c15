package dev.waymark.qr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QrSpecTest {
  private static final String URL = "https://wmk.example/AbC12xY?qr=1";

  private static QrSpecException refusal(ThrowingBuild build) {
    QrSpecException e = catchThrowableOfType(QrSpecException.class, build::run);
    assertThat(e).as("expected a QrSpecException").isNotNull();
    return e;
  }

  interface ThrowingBuild {
    void run();
  }

  @Test
  void builder_defaults_areBlackOnWhiteSquaresAtEccM() {
    QrSpec spec = QrSpec.builder(URL).build();
    assertThat(spec.size()).isEqualTo(512);
    assertThat(spec.margin()).isEqualTo(4);
    assertThat(spec.ecc()).isEqualTo(Ecc.M);
    assertThat(spec.fg()).isEqualTo(Rgb.BLACK);
    assertThat(spec.bg()).isEqualTo(Rgb.WHITE);
    assertThat(spec.eyeColor()).as("eye colour defaults to fg").isEqualTo(Rgb.BLACK);
    assertThat(spec.moduleShape()).isEqualTo(ModuleShape.SQUARE);
    assertThat(spec.eyeShape()).isEqualTo(EyeShape.SQUARE);
  }

  @Test
  void builder_queryStrings_areParsedCaseInsensitively() {
    QrSpec spec = QrSpec.builder(URL).ecc("q").moduleShape("Dots").eyeShape("CIRCLE").fg("#1A237E").bg("fff9c4")
        .eyeColor("#036").build();
    assertThat(spec.ecc()).isEqualTo(Ecc.Q);
    assertThat(spec.moduleShape()).isEqualTo(ModuleShape.DOTS);
    assertThat(spec.eyeShape()).isEqualTo(EyeShape.CIRCLE);
    assertThat(spec.fg().hex()).isEqualTo("#1a237e");
    assertThat(spec.bg().hex()).isEqualTo("#fff9c4");
    assertThat(spec.eyeColor().hex()).as("#RGB doubles each digit").isEqualTo("#003366");
  }

  @Test
  void spec_withLogo_forcesEccH() {
    Logo logo = Logo.of(TestLogos.pngBadge(), 0.2);
    assertThat(QrSpec.builder(URL).ecc(Ecc.L).logo(logo).build().ecc()).isEqualTo(Ecc.H);
  }

  @Test
  void spec_lightOnLight_isRefusedWithTheRatio() {
    QrSpecException e = refusal(() -> QrSpec.builder(URL).fg("#cccccc").bg("#ffffff").build());
    assertThat(e.field()).isEqualTo("fg");
    assertThat(e.detail()).isEqualTo("contrast of #cccccc on bg #ffffff is 1.61:1; at least 4.5:1 is required");
  }

  @Test
  void spec_inverted_isRefusedEvenAtFullContrast() {
    QrSpecException e = refusal(() -> QrSpec.builder(URL).fg("#ffffff").bg("#000000").build());
    assertThat(e.field()).isEqualTo("fg");
    assertThat(e.detail()).startsWith("fg #ffffff is not darker than bg #000000: light-on-dark (inverted) codes are refused");
  }

  @Test
  void spec_sameColours_isRefusedAsNotDarker() {
    assertThat(refusal(() -> QrSpec.builder(URL).fg("#777777").bg("#777777").build()).detail())
        .contains("is not darker than bg");
  }

  @Test
  void spec_justBelowMinimumContrast_isRefused() {
    // #767676 on white is the classic 4.54:1; #777777 is 4.48:1.
    assertThat(QrSpec.builder(URL).fg("#767676").build().fg().hex()).isEqualTo("#767676");
    assertThat(refusal(() -> QrSpec.builder(URL).fg("#777777").build()).detail()).contains("4.48:1");
  }

  @Test
  void spec_paleEyeColour_isRefusedOnEyeColor() {
    QrSpecException e = refusal(() -> QrSpec.builder(URL).eyeColor("#ffeb3b").build());
    assertThat(e.field()).isEqualTo("eyeColor");
    assertThat(e.detail()).contains("#ffeb3b").contains("at least 4.5:1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"#12345", "#1234567", "#ggg", "red", "", "##000000", "#00 000"})
  void rgb_malformedHex_isRefusedNamingTheField(String hex) {
    QrSpecException e = refusal(() -> QrSpec.builder(URL).bg(hex));
    assertThat(e.field()).isEqualTo("bg");
    assertThat(e.detail()).isEqualTo("must be a colour #RRGGBB or #RGB; got '" + hex + "'");
  }

  @Test
  void rgb_null_isRefused() {
    assertThat(refusal(() -> Rgb.parse("fg", null)).detail()).isEqualTo("must be a colour #RRGGBB or #RGB; got nothing");
  }

  @ParameterizedTest
  @ValueSource(strings = {"triangle", "", "dot", "circle"})
  void moduleShape_unknown_isRefused(String shape) {
    QrSpecException e = refusal(() -> QrSpec.builder(URL).moduleShape(shape));
    assertThat(e.field()).isEqualTo("moduleShape");
    assertThat(e.detail()).isEqualTo("must be one of square, dots, rounded; got '" + shape + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"star", "dots", ""})
  void eyeShape_unknown_isRefused(String shape) {
    QrSpecException e = refusal(() -> QrSpec.builder(URL).eyeShape(shape));
    assertThat(e.field()).isEqualTo("eyeShape");
    assertThat(e.detail()).isEqualTo("must be one of square, rounded, circle; got '" + shape + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"X", "", "LOW", "HH", "0"})
  void ecc_notLMQH_isRefused(String level) {
    QrSpecException e = refusal(() -> QrSpec.builder(URL).ecc(level));
    assertThat(e.field()).isEqualTo("ecc");
    assertThat(e.detail()).isEqualTo("must be one of L, M, Q, H; got '" + level + "'");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, -512, 63, 4097, 100_000, Integer.MIN_VALUE})
  void size_outOfRange_isRefused(int size) {
    QrSpecException e = refusal(() -> QrSpec.builder(URL).size(size).build());
    assertThat(e.field()).isEqualTo("size");
    assertThat(e.detail()).isEqualTo("must be 64..4096 px; got " + size);
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 0, 1, 17})
  void margin_outOfRange_isRefused(int margin) {
    QrSpecException e = refusal(() -> QrSpec.builder(URL).margin(margin).build());
    assertThat(e.field()).isEqualTo("margin");
    assertThat(e.detail()).isEqualTo("must be 2..16 modules (a quiet zone below 2 modules is not reliably found); got " + margin);
  }

  @Test
  void margin_bounds_areAccepted() {
    assertThat(QrSpec.builder(URL).margin(2).build().margin()).isEqualTo(2);
    assertThat(QrSpec.builder(URL).margin(16).build().margin()).isEqualTo(16);
  }

  @Test
  void payload_empty_isRefused() {
    assertThat(refusal(() -> QrSpec.builder("").build()).field()).isEqualTo("payload");
    assertThat(refusal(() -> QrSpec.builder(null).build()).detail()).isEqualTo("must not be empty");
  }

  @Test
  void payload_beyondAnyQrCapacity_isRefusedBeforeEncoding() {
    QrSpecException e = refusal(() -> QrSpec.builder("1".repeat(7090)).build());
    assertThat(e.detail()).isEqualTo("has 7090 characters; no QR code holds more than 7089");
  }

  @Test
  void spec_missingEnum_isRefusedAsRequired() {
    assertThat(refusal(() -> QrSpec.builder(URL).ecc((Ecc) null).build()).detail()).isEqualTo("is required");
  }

  @Test
  void exception_message_carriesFieldAndDetail() {
    assertThatThrownBy(() -> QrSpec.builder(URL).size(0).build()).hasMessage("size: must be 64..4096 px; got 0");
  }
}

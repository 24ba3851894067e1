package io.hookline.ingest.status.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.hookline.schemas.Json;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  private static LatencyHistogram of(LongStream values) {
    LatencyHistogram h = LatencyHistogram.empty();
    for (long v : values.toArray()) {
      h = h.plus(v);
    }
    return h;
  }

  @Test
  void anEmptyHistogramHasNoPercentiles() {
    assertThat(LatencyHistogram.empty().percentile(0.5)).isNull();
    assertThat(LatencyHistogram.empty().count()).isZero();
  }

  @Test
  void smallWholeMillisecondsComeBackExactly() {
    for (long ms = 0; ms <= 25; ms++) {
      assertThat(LatencyHistogram.empty().plus(ms).percentile(1.0)).isEqualTo(ms);
    }
  }

  @Test
  void percentilesAreNearestRankWithinTwoPercent() {
    LatencyHistogram h = of(LongStream.rangeClosed(1, 1000));

    assertThat(h.count()).isEqualTo(1000);
    assertThat((double) h.percentile(0.5)).isCloseTo(500, within(10.0));
    assertThat((double) h.percentile(0.9)).isCloseTo(900, within(18.0));
    assertThat((double) h.percentile(0.99)).isCloseTo(990, within(20.0));
    assertThat((double) h.percentile(1.0)).isCloseTo(1000, within(20.0));
  }

  @Test
  void aFewSlowRequestsShowInP99ButNotInTheMedian() {
    LatencyHistogram h =
        of(LongStream.concat(LongStream.generate(() -> 20).limit(98), LongStream.of(5000, 5000)));

    assertThat(h.percentile(0.5)).isEqualTo(20);
    assertThat(h.percentile(0.98)).isEqualTo(20);
    assertThat((double) h.percentile(0.99)).isCloseTo(5000, within(100.0));
  }

  @Test
  void mergingEqualsRecordingEverythingInOne() {
    Random random = new Random(42);
    long[] values = random.longs(500, 0, 60_000).toArray();
    LatencyHistogram all = of(LongStream.of(values));
    LatencyHistogram left = of(LongStream.of(values).limit(200));
    LatencyHistogram right = of(LongStream.of(values).skip(200));

    assertThat(left.merge(right)).isEqualTo(all);
  }

  @Test
  void survivesAJsonRoundTripAsTheStoresKeepIt() {
    LatencyHistogram h = of(LongStream.of(3, 17, 250, 250, 90_000));

    assertThat(Json.read(Json.write(h), LatencyHistogram.class)).isEqualTo(h);
  }

  @Test
  void refusesAQuantileOutsideZeroToOne() {
    assertThatThrownBy(() -> LatencyHistogram.empty().percentile(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LatencyHistogram.empty().percentile(1.5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

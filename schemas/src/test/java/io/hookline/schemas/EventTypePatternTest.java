package io.hookline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventTypePatternTest {

  @Test
  void anEmptySubscriptionMatchesEveryType() {
    assertThat(EventTypePattern.anyMatches(List.of(), "order.created")).isTrue();
  }

  @Test
  void aWildcardMatchesTypesBelowItsPrefixOnly() {
    assertThat(EventTypePattern.matches("order.*", "order.created")).isTrue();
    assertThat(EventTypePattern.matches("order.*", "order.item.added")).isTrue();
    assertThat(EventTypePattern.matches("order.*", "order")).isFalse();
    assertThat(EventTypePattern.matches("order.*", "orders.created")).isFalse();
    assertThat(EventTypePattern.matches("*", "anything.at.all")).isTrue();
  }

  @Test
  void anExactPatternMatchesOnlyItself() {
    assertThat(EventTypePattern.anyMatches(List.of("a.b", "c.d"), "c.d")).isTrue();
    assertThat(EventTypePattern.anyMatches(List.of("a.b", "c.d"), "c.e")).isFalse();
  }

  @Test
  void malformedPatternsAndTypesAreRecognised() {
    assertThat(EventTypePattern.isValidPattern("order.*")).isTrue();
    assertThat(EventTypePattern.isValidPattern("order.*.x")).isFalse();
    assertThat(EventTypePattern.isValidPattern("order..created")).isFalse();
    assertThat(EventTypePattern.isValidType("order.created")).isTrue();
    assertThat(EventTypePattern.isValidType("order.*")).isFalse();
    assertThat(EventTypePattern.isValidType(" ")).isFalse();
  }
}

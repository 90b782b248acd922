package io.mqttspring.docs.domain;

import java.math.BigDecimal;

/**
 * The answer to a {@link QuoteRequest}.
 *
 * @param item the item
 * @param price the price of the requested quantity
 */
public record Quote(String item, BigDecimal price) {
}

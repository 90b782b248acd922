package io.mqttspring.docs.domain;

/**
 * A request for a price, sent as JSON by the documentation's request/reply snippets.
 *
 * @param item the item
 * @param quantity how many
 */
public record QuoteRequest(String item, int quantity) {
}

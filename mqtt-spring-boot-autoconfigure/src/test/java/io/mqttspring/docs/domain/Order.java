package io.mqttspring.docs.domain;

/**
 * An order, sent as JSON by the documentation's snippets.
 *
 * @param id the order id
 * @param item what was ordered
 * @param quantity how many
 */
public record Order(String id, String item, int quantity) {
}

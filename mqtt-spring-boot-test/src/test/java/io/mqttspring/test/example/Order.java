package io.mqttspring.test.example;

/**
 * An order, sent as JSON.
 *
 * @param id the order id
 * @param item what is ordered
 * @param quantity how many
 */
public record Order(String id, String item, int quantity) {
}

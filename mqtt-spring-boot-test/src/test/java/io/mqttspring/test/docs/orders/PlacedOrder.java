package io.mqttspring.test.docs.orders;

/**
 * An order placed on {@code orders/{region}/placed}, as JSON; part of the complete example
 * of docs/testing.md.
 *
 * @param id the order id
 * @param item what is ordered
 * @param quantity how many
 */
// tag::order[]
public record PlacedOrder(String id, String item, int quantity) {
}
// end::order[]

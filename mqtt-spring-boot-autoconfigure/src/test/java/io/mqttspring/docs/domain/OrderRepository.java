package io.mqttspring.docs.domain;

/**
 * Where the documentation's snippets store orders.
 */
public interface OrderRepository {

	/**
	 * Store an order.
	 * @param order the order
	 */
	void save(Order order);

}

package io.mqttspring.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs tasks on a fixed number of threads, each with a bounded queue; all tasks of one
 * topic run on the same thread, so messages of a topic never overtake each other. When a
 * thread's queue is full, the submitting thread (Paho's callback thread) waits: the
 * back-pressure then reaches the broker through unacknowledged messages.
 */
final class TopicOrderedExecutor {

	private final ThreadPoolExecutor[] workers;

	/**
	 * @param name the name of the threads, followed by their number
	 * @param concurrency the number of threads
	 * @param queueCapacity the number of tasks each thread queues
	 * @param threads makes the factory of the thread with the given name
	 */
	TopicOrderedExecutor(String name, int concurrency, int queueCapacity, Function<String, ThreadFactory> threads) {
		this.workers = new ThreadPoolExecutor[concurrency];
		for (int i = 0; i < concurrency; i++) {
			this.workers[i] = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
					new ArrayBlockingQueue<>(queueCapacity), threads.apply(name + "-" + i),
					TopicOrderedExecutor::waitForSpace);
		}
	}

	private static void waitForSpace(Runnable task, ThreadPoolExecutor executor) {
		if (executor.isShutdown()) {
			throw new RejectedExecutionException("Listener stopped");
		}
		try {
			executor.getQueue().put(task);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RejectedExecutionException("Interrupted while waiting for queue space", ex);
		}
	}

	void execute(String topic, Runnable task) {
		this.workers[Math.floorMod(topic.hashCode(), this.workers.length)].execute(task);
	}

	/**
	 * How many tasks wait in the queues.
	 */
	int queued() {
		int queued = 0;
		for (ThreadPoolExecutor worker : this.workers) {
			queued += worker.getQueue().size();
		}
		return queued;
	}

	/**
	 * Let running tasks finish, for at most the timeout, and return the tasks that did
	 * not start.
	 */
	List<Runnable> shutdown(Duration timeout) {
		List<Runnable> notStarted = new ArrayList<>();
		for (ThreadPoolExecutor worker : this.workers) {
			worker.shutdown();
			notStarted.addAll(worker.getQueue());
			worker.getQueue().clear();
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		for (ThreadPoolExecutor worker : this.workers) {
			try {
				if (!worker.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
					worker.shutdownNow();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				worker.shutdownNow();
			}
		}
		return notStarted;
	}

}

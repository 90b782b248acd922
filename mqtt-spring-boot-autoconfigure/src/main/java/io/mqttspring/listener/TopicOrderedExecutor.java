package io.mqttspring.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs tasks on a fixed number of threads, each with a bounded queue; all tasks of one
 * topic run on the same thread, so messages of a topic never overtake each other. When a
 * thread's queue is full, the submitting thread (Paho's callback thread) waits: the
 * back-pressure then reaches the broker through unacknowledged messages.
 * <p>
 * A task that waits on its thread for a while (a retry's back-off) can
 * {@linkplain #holdUp(String, Consumer) hold up} the tasks queued behind it, so that
 * whatever they hold elsewhere (their place in the order of acknowledgements) is let go.
 */
final class TopicOrderedExecutor {

	private final ThreadPoolExecutor[] workers;

	// Per worker: what to do with each task queued behind a task that holds the worker up
	private final AtomicReferenceArray<Consumer<Runnable>> heldUp;

	/**
	 * @param name the name of the threads, followed by their number
	 * @param concurrency the number of threads
	 * @param queueCapacity the number of tasks each thread queues
	 * @param threads makes the factory of the thread with the given name
	 */
	TopicOrderedExecutor(String name, int concurrency, int queueCapacity, Function<String, ThreadFactory> threads) {
		this.workers = new ThreadPoolExecutor[concurrency];
		this.heldUp = new AtomicReferenceArray<>(concurrency);
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
		int worker = worker(topic);
		this.workers[worker].execute(task);
		// After queueing: either this sees the hold-up, or holdUp() sees the task in the queue
		Consumer<Runnable> heldUpAction = this.heldUp.get(worker);
		if (heldUpAction != null) {
			heldUpAction.accept(task);
		}
	}

	private int worker(String topic) {
		return Math.floorMod(topic.hashCode(), this.workers.length);
	}

	/**
	 * The task running for a topic holds up its thread: apply the action to each task
	 * queued on that thread now, and to each task queued there until {@link #release}. A
	 * task may see the action twice.
	 * @param topic the topic of the running task
	 * @param action what to do with each task held up
	 */
	void holdUp(String topic, Consumer<Runnable> action) {
		int worker = worker(topic);
		this.heldUp.set(worker, action);
		for (Runnable queued : this.workers[worker].getQueue()) {
			action.accept(queued);
		}
	}

	/**
	 * The task running for a topic no longer holds up its thread.
	 * @param topic the topic of the running task
	 */
	void release(String topic) {
		this.heldUp.set(worker(topic), null);
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
	 * Take no more tasks and return those that did not start; running tasks go on.
	 */
	List<Runnable> shutdown() {
		List<Runnable> notStarted = new ArrayList<>();
		for (ThreadPoolExecutor worker : this.workers) {
			worker.shutdown();
			worker.getQueue().drainTo(notStarted);
		}
		return notStarted;
	}

	/**
	 * Whether {@link #shutdown()} was called.
	 */
	boolean isShutdown() {
		return this.workers[0].isShutdown();
	}

	/**
	 * After {@link #shutdown()}, let running tasks finish for at most the timeout, then
	 * interrupt them.
	 */
	void awaitTermination(Duration timeout) {
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
	}

}

package io.mqttspring.autoconfigure.embedded;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.mqttspring.testsupport.EchoListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What Spring Boot DevTools does on every code change: close the application context and
 * start a new one in the same JVM. The embedded broker binds the same port again, the
 * client reconnects, and nothing of the closed applications stays behind: no thread, and
 * no reference that keeps a closed context from being garbage collected.
 */
@ExtendWith(OutputCaptureExtension.class)
class RestartInOneJvmTests {

	private static final int RESTARTS = 10;

	@Test
	void tenRestartsRebindThePortAndReconnectWithoutErrorsLeavingNoThreadsOrContextsBehind(CapturedOutput output)
			throws Exception {
		int port = freePort();
		// The first start creates what a JVM keeps once created (JDK and library daemons)
		runAndClose(port, "warm-up").clear();
		Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
		long heapBefore = heapUsedAfterGc();
		List<WeakReference<ConfigurableApplicationContext>> closedContexts = new ArrayList<>();
		for (int restart = 1; restart <= RESTARTS; restart++) {
			closedContexts.add(runAndClose(port, "restart " + restart));
		}
		// Polled on this thread: Awaitility's own polling thread would count as a new one
		await("threads of the closed applications to end").pollInSameThread()
			.atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(newThreads(threadsBefore)).isEmpty());
		await("the closed contexts to be garbage collected").pollInSameThread()
			.atMost(Duration.ofSeconds(30))
			.until(() -> collected(closedContexts));
		// A broker or client kept alive by a static reference would hold tens of megabytes
		assertThat(heapUsedAfterGc() - heapBefore).as("heap growth in bytes over %d restarts", RESTARTS)
			.isLessThan(16 * 1024 * 1024);
		assertThat(output.getAll().lines().filter((line) -> line.contains(" ERROR ") || line.contains(" WARN ")))
			.isEmpty();
	}

	private static WeakReference<ConfigurableApplicationContext> runAndClose(int port, String payload)
			throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(RestartedApplication.class)
			.web(WebApplicationType.NONE)
			.run("--mqtt.embedded.port=" + port)) {
			assertThat(context.getBean(EmbeddedMqttBroker.class).getPort()).isEqualTo(port);
			EchoListener.assertRoundTrip(context, payload);
			return new WeakReference<>(context);
		}
	}

	private static boolean collected(List<WeakReference<ConfigurableApplicationContext>> contexts) {
		System.gc();
		return contexts.stream().allMatch((context) -> context.get() == null);
	}

	private static long heapUsedAfterGc() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(100);
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	private static List<String> newThreads(Set<Thread> before) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> !before.contains(thread))
			.map(Thread::getName)
			.sorted()
			.toList();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(EchoListener.class)
	static class RestartedApplication {

	}

}

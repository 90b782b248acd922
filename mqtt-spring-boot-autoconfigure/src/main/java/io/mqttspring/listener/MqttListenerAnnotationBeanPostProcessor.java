package io.mqttspring.listener;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.util.StringUtils;

/**
 * Finds {@link MqttListener} methods on beans (looking through AOP proxies to the target
 * class) and registers them with the {@link MqttListenerEndpointRegistry} once all
 * singletons exist; beans created later are registered and started at once.
 */
public class MqttListenerAnnotationBeanPostProcessor
		implements BeanPostProcessor, SmartInitializingSingleton, BeanFactoryAware, Ordered {

	private final Set<Class<?>> classesWithoutListeners = ConcurrentHashMap.newKeySet();

	private final List<MqttListenerEndpoint> pendingEndpoints = new ArrayList<>();

	private ConfigurableBeanFactory beanFactory;

	private MqttListenerEndpointRegistry registry;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = (ConfigurableBeanFactory) beanFactory;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		if (this.classesWithoutListeners.contains(targetClass)) {
			return bean;
		}
		Map<Method, MqttListener> annotatedMethods = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<MqttListener>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, MqttListener.class));
		if (annotatedMethods.isEmpty()) {
			this.classesWithoutListeners.add(targetClass);
			return bean;
		}
		annotatedMethods.forEach((method, listener) -> register(endpoint(bean, beanName, method, listener)));
		return bean;
	}

	private MqttListenerEndpoint endpoint(Object bean, String beanName, Method method, MqttListener listener) {
		String description = "@MqttListener on " + method.getDeclaringClass().getName() + "." + method.getName()
				+ " (bean '" + beanName + "')";
		String id = StringUtils.hasText(listener.id()) ? resolve(listener.id()) : beanName + "." + method.getName();
		List<String> topics = Arrays.stream(listener.topics()).map(this::resolve).toList();
		Method invocableMethod = AopUtils.selectInvocableMethod(method, bean.getClass());
		return new MqttListenerEndpoint(id, topics, listener.qos(), emptyToNull(resolve(listener.group())),
				listener.ackMode(), emptyToNull(resolve(listener.errorHandler())),
				concurrency(description, resolve(listener.concurrency())),
				autoStartup(description, resolve(listener.autoStartup())), replyTopic(method), beanName, bean,
				invocableMethod, emptyToNull(resolve(listener.connection())), emptyToNull(resolve(listener.retry())));
	}

	private static String emptyToNull(String value) {
		return StringUtils.hasText(value) ? value : null;
	}

	private static int concurrency(String description, String concurrency) {
		if (!StringUtils.hasText(concurrency)) {
			return 1;
		}
		try {
			return Integer.parseInt(concurrency.trim());
		}
		catch (NumberFormatException ex) {
			throw new MqttListenerDefinitionException(
					description + " has concurrency '" + concurrency + "'; it must be a number",
					"Set concurrency to a number of 1 or more, or to a placeholder that resolves to one", ex);
		}
	}

	private static Boolean autoStartup(String description, String autoStartup) {
		if (!StringUtils.hasText(autoStartup)) {
			return null;
		}
		return switch (autoStartup.trim()) {
			case "true" -> true;
			case "false" -> false;
			default -> throw new MqttListenerDefinitionException(
					description + " has autoStartup '" + autoStartup + "'; it must be true or false",
					"Set autoStartup to true or false, or to a placeholder that resolves to one");
		};
	}

	private String replyTopic(Method method) {
		SendTo sendTo = AnnotatedElementUtils.findMergedAnnotation(method, SendTo.class);
		if (sendTo == null) {
			return null;
		}
		return (sendTo.value().length > 0) ? resolve(sendTo.value()[0]) : "";
	}

	private String resolve(String value) {
		return this.beanFactory.resolveEmbeddedValue(value);
	}

	private void register(MqttListenerEndpoint endpoint) {
		synchronized (this.pendingEndpoints) {
			if (this.registry == null) {
				this.pendingEndpoints.add(endpoint);
				return;
			}
		}
		this.registry.registerListenerContainer(endpoint, true);
	}

	@Override
	public void afterSingletonsInstantiated() {
		MqttListenerEndpointRegistry endpointRegistry = this.beanFactory.getBean(MqttListenerEndpointRegistry.BEAN_NAME,
				MqttListenerEndpointRegistry.class);
		synchronized (this.pendingEndpoints) {
			this.pendingEndpoints.forEach((endpoint) -> endpointRegistry.registerListenerContainer(endpoint, false));
			this.pendingEndpoints.clear();
			this.registry = endpointRegistry;
		}
	}

}

package io.mqttspring.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import tools.jackson.databind.json.JsonMapper;

/**
 * The configuration of Mosquitto's dynamic security plugin, for
 * {@link MosquittoBroker#withDynamicSecurity}: users with passwords and, per user and for
 * anonymous clients, what they may publish and subscribe to. Everything else is denied.
 * Unlike an {@code acl_file}, which Mosquitto 2.0 only applies when delivering, the
 * plugin refuses forbidden subscriptions in the SUBACK (reason code 0x87).
 * <pre>
 * new DynamicSecurity().user("app", "secret", "publishClientSend app/#", "subscribePattern app/#")
 * </pre>
 * Rules are an ACL type ({@code publishClientSend}, {@code subscribePattern},
 * {@code subscribeLiteral}, ...) and a topic filter.
 */
public final class DynamicSecurity {

	private static final int ITERATIONS = 101;

	private final List<Map<String, Object>> clients = new ArrayList<>();

	private final List<Map<String, Object>> roles = new ArrayList<>();

	private final List<Map<String, Object>> groups = new ArrayList<>();

	/**
	 * Allow anonymous clients (such as the tests' command line clients) these rules.
	 * @param rules the rules
	 * @return this configuration
	 */
	public DynamicSecurity anonymous(String... rules) {
		this.roles.add(role("anonymous", rules));
		this.groups.add(Map.of("groupname", "anonymous", "roles", List.of(Map.of("rolename", "anonymous"))));
		return this;
	}

	/**
	 * Add a user with a password, allowed these rules.
	 * @param username the user name
	 * @param password the password
	 * @param rules the rules
	 * @return this configuration
	 */
	public DynamicSecurity user(String username, String password, String... rules) {
		byte[] salt = new byte[12];
		new SecureRandom().nextBytes(salt);
		Map<String, Object> client = new LinkedHashMap<>();
		client.put("username", username);
		client.put("password", Base64.getEncoder().encodeToString(hash(password, salt)));
		client.put("salt", Base64.getEncoder().encodeToString(salt));
		client.put("iterations", ITERATIONS);
		client.put("roles", List.of(Map.of("rolename", "user-" + username)));
		this.clients.add(client);
		this.roles.add(role("user-" + username, rules));
		return this;
	}

	// The plugin's hash: PBKDF2 with HMAC-SHA512, 64 bytes
	private static byte[] hash(String password, byte[] salt) {
		try {
			PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, 512);
			return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Map<String, Object> role(String name, String... rules) {
		List<Map<String, Object>> acls = new ArrayList<>();
		for (String rule : rules) {
			String[] parts = rule.split(" ", 2);
			acls.add(Map.of("acltype", parts[0], "topic", parts[1], "allow", true));
		}
		return Map.of("rolename", name, "acls", acls);
	}

	/**
	 * The plugin's JSON configuration file.
	 * @return the JSON text
	 */
	String toJson() {
		Map<String, Object> configuration = new LinkedHashMap<>();
		configuration.put("defaultACLAccess", Map.of("publishClientSend", false, "publishClientReceive", true,
				"subscribe", false, "unsubscribe", true));
		configuration.put("clients", this.clients);
		configuration.put("groups", this.groups);
		configuration.put("roles", this.roles);
		if (!this.groups.isEmpty()) {
			configuration.put("anonymousGroup", "anonymous");
		}
		return new String(JsonMapper.shared().writeValueAsBytes(configuration), StandardCharsets.UTF_8);
	}

}

package io.mqttspring.connection;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Server URIs as they may be shown: in health details, endpoints and failure reports.
 */
public final class ServerUris {

	private ServerUris() {
	}

	/**
	 * The URI without its user information, which may hold a password.
	 * @param serverUri the server URI
	 * @return the URI without user information, or a placeholder for an invalid URI
	 */
	public static String withoutUserInfo(String serverUri) {
		try {
			URI uri = new URI(serverUri);
			if (uri.getUserInfo() == null) {
				return serverUri;
			}
			return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(),
					uri.getFragment())
				.toString();
		}
		catch (URISyntaxException ex) {
			return "(not shown: not a valid URI)";
		}
	}

}

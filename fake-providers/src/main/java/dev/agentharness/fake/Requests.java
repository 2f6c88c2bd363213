package dev.agentharness.fake;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import mockwebserver3.RecordedRequest;

/**
 * Reads request targets without a URL parser: Gemini's Node client sends {@code //ws/...}, which a
 * URL parser takes for a host name.
 */
public final class Requests {

  private Requests() {}

  /** The path of the request target, with runs of leading slashes reduced to one and no query. */
  public static String path(RecordedRequest request) {
    return path(request.getTarget());
  }

  static String path(String target) {
    int q = target.indexOf('?');
    String p = q < 0 ? target : target.substring(0, q);
    int i = 0;
    while (i + 1 < p.length() && p.charAt(i) == '/' && p.charAt(i + 1) == '/') i++;
    return p.substring(i);
  }

  /** The first value of query parameter {@code name}, URL-decoded, or {@code null}. */
  public static String query(RecordedRequest request, String name) {
    return query(request.getTarget(), name);
  }

  static String query(String target, String name) {
    int q = target.indexOf('?');
    if (q < 0) return null;
    for (String pair : target.substring(q + 1).split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      if (key.equals(name)) return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
    }
    return null;
  }

  /** A header value, or {@code null}. */
  public static String header(RecordedRequest request, String name) {
    return request.getHeaders().get(name);
  }

  /** The token of an {@code Authorization: <scheme> <token>} header, or {@code null}. */
  public static String authorization(RecordedRequest request, String scheme) {
    String h = header(request, "Authorization");
    if (h == null) return null;
    String prefix = scheme + " ";
    return h.regionMatches(true, 0, prefix, 0, prefix.length()) ? h.substring(prefix.length()).trim() : null;
  }

  /** The request body as UTF-8 text ({@code ""} when there is none). */
  public static String body(RecordedRequest request) {
    return request.getBody() == null ? "" : request.getBody().utf8();
  }
}

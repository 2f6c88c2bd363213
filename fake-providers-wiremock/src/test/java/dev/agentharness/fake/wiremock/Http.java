package dev.agentharness.fake.wiremock;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** A plain OkHttp client for the tests, and what one POST got. */
final class Http implements AutoCloseable {

  private final OkHttpClient client = new OkHttpClient.Builder()
      .readTimeout(20, TimeUnit.SECONDS)
      .callTimeout(30, TimeUnit.SECONDS)
      .retryOnConnectionFailure(false)
      .build();

  /** A response: status and headers, then the body or how reading it failed. */
  record Answer(int status, Headers headers, byte[] body, IOException bodyFailure, long firstByteMillis) {
    String header(String name) {
      return headers.get(name);
    }

    String text() {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** POSTs {@code json} with the header pairs {@code name, value, …}. */
  Answer post(String url, String json, String... headers) throws IOException {
    Request.Builder r =
        new Request.Builder().url(url).post(RequestBody.create(json, MediaType.get("application/json")));
    for (int i = 0; i < headers.length; i += 2) r.header(headers[i], headers[i + 1]);
    long start = System.nanoTime();
    try (Response response = client.newCall(r.build()).execute()) {
      var source = response.body().source();
      long first = -1;
      try {
        source.request(1);
        first = (System.nanoTime() - start) / 1_000_000;
        return new Answer(response.code(), response.headers(), source.readByteArray(), null, first);
      } catch (IOException e) {
        return new Answer(response.code(), response.headers(), new byte[0], e, first);
      }
    }
  }

  static String json(List<String> keysAndValues) {
    var w = new dev.agentharness.internal.json.JsonWriter().beginObject();
    for (int i = 0; i < keysAndValues.size(); i += 2) w.field(keysAndValues.get(i), keysAndValues.get(i + 1));
    return w.endObject().toString();
  }

  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}

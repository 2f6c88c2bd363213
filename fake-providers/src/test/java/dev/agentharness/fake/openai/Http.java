package dev.agentharness.fake.openai;

import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

/** Test plumbing: a plain OkHttp client, POSTs of JSON, and server-sent events read line by line. */
final class Http implements AutoCloseable {

  static final MediaType JSON = MediaType.get("application/json");

  final OkHttpClient client;

  Http() {
    this(new OkHttpClient.Builder());
  }

  Http(OkHttpClient.Builder builder) {
    this.client = builder.retryOnConnectionFailure(false).readTimeout(10, TimeUnit.SECONDS).build();
  }

  Response post(String url, String key, String json) throws IOException {
    Request.Builder r = new Request.Builder().url(url).post(RequestBody.create(json, JSON));
    if (key != null) r.header("Authorization", "Bearer " + key);
    return client.newCall(r.build()).execute();
  }

  Response get(String url, String key) throws IOException {
    Request.Builder r = new Request.Builder().url(url);
    if (key != null) r.header("Authorization", "Bearer " + key);
    return client.newCall(r.build()).execute();
  }

  /** The {@code data:} payloads of a server-sent event stream, and how the stream ended. */
  record Sse(List<String> data, IOException failure) {
    /** The payloads before {@code [DONE]}, parsed. */
    List<JsonValue.Obj> json() {
      List<JsonValue.Obj> out = new ArrayList<>();
      for (String d : data) {
        if (!d.equals("[DONE]")) out.add(Json.parseObject(d));
      }
      return out;
    }

    boolean done() {
      return !data.isEmpty() && data.get(data.size() - 1).equals("[DONE]");
    }
  }

  /** Reads every event until the body ends (or breaks: then {@code failure} says how). */
  static Sse events(Response response) {
    List<String> data = new ArrayList<>();
    try (response) {
      BufferedSource source = response.body().source();
      String line;
      while ((line = source.readUtf8Line()) != null) {
        if (line.startsWith("data: ")) data.add(line.substring(6));
        else if (!line.isEmpty()) throw new AssertionError("not an SSE line: " + line);
      }
      return new Sse(data, null);
    } catch (IOException e) {
      return new Sse(data, e);
    }
  }

  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}

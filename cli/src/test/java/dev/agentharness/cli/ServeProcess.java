package dev.agentharness.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code agentharness serve} as a separate process, on the test class path; every wait is bounded. */
final class ServeProcess implements AutoCloseable {

  private static final Pattern READY = Pattern.compile("agentharness serving on (https?)://127\\.0\\.0\\.1:(\\d+)");
  private static final String EOF = "\u0000EOF";

  final Process process;
  private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
  private final StringBuffer stderr = new StringBuffer();
  private final List<String> stdoutSeen = new ArrayList<>();
  private String scheme;
  private int port;
  private String apiKey;

  private ServeProcess(Process process) {
    this.process = process;
    pump(process.getInputStream(), line -> stdout.add(line), () -> stdout.add(EOF));
    pump(process.getErrorStream(), line -> stderr.append(line).append('\n'), () -> {});
  }

  /** Starts {@code java -cp <test class path> dev.agentharness.cli.Main serve ARGS} without waiting. */
  static ServeProcess launch(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.add("serve");
    command.addAll(List.of(args));
    return new ServeProcess(new ProcessBuilder(command).start());
  }

  /** Starts serve and waits (at most 60 s) for its ready line and key. */
  static ServeProcess start(String... args) throws Exception {
    ServeProcess p = launch(args);
    try {
      p.awaitReady();
      return p;
    } catch (Exception | AssertionError e) {
      p.close();
      throw e;
    }
  }

  private void awaitReady() throws InterruptedException {
    String ready = nextLine(60);
    Matcher m = READY.matcher(ready == null ? "" : ready);
    if (!m.matches()) throw new AssertionError("no ready line; got " + ready + "; stderr:\n" + stderr);
    scheme = m.group(1);
    port = Integer.parseInt(m.group(2));
    String key = nextLine(10);
    if (key == null || !key.startsWith("api key: ")) {
      throw new AssertionError("no api key line; got " + key + "; stderr:\n" + stderr);
    }
    apiKey = key.substring("api key: ".length());
  }

  /** The next stdout line, or null at the end of the stream or after {@code seconds}. */
  String nextLine(long seconds) throws InterruptedException {
    String line = stdout.poll(seconds, TimeUnit.SECONDS);
    if (line == null || line.equals(EOF)) {
      if (line != null) stdout.add(EOF);
      return null;
    }
    stdoutSeen.add(line);
    return line;
  }

  /** Every stdout line read so far. */
  List<String> stdoutLines() {
    return List.copyOf(stdoutSeen);
  }

  String stderr() {
    return stderr.toString();
  }

  int port() {
    return port;
  }

  String apiKey() {
    return apiKey;
  }

  /** {@code http(s)://127.0.0.1:PORT} + path. */
  String url(String path) {
    return scheme + "://127.0.0.1:" + port + path;
  }

  /** {@code ws(s)://127.0.0.1:PORT} + path. */
  String wsUrl(String path) {
    return (scheme.equals("https") ? "wss" : "ws") + "://127.0.0.1:" + port + path;
  }

  /** Sends SIGTERM and returns the exit code (waits at most 30 s). */
  int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) throw new AssertionError("serve did not stop within 30 s of SIGTERM");
    return process.exitValue();
  }

  /** Waits at most {@code seconds} for the process to exit by itself; returns its exit code. */
  int awaitExit(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) throw new AssertionError("serve did not exit; stderr:\n" + stderr);
    return process.exitValue();
  }

  @Override
  public void close() {
    if (!process.isAlive()) return;
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(15, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static void pump(InputStream in, java.util.function.Consumer<String> line, Runnable end) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String l; (l = r.readLine()) != null; ) line.accept(l);
      } catch (IOException ignored) {
        // the process ended
      } finally {
        end.run();
      }
    }, "serve-output");
    t.setDaemon(true);
    t.start();
  }
}

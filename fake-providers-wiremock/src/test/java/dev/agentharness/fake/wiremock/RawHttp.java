package dev.agentharness.fake.wiremock;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One HTTP/1.1 POST on a socket, reading the chunked framing itself: how many chunks, how big, when. */
final class RawHttp {

  private RawHttp() {}

  /** A chunk of the body: its size and when it arrived, in ms after the request was sent. */
  record Chunk(int size, long atMillis) {}

  record Exchange(int status, Map<String, String> headers, List<Chunk> chunks, byte[] body) {}

  static Exchange post(String url, String json, String... headers) throws IOException {
    URI uri = URI.create(url);
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
      s.setSoTimeout(20_000);
      StringBuilder req = new StringBuilder("POST ").append(uri.getRawPath())
          .append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()).append(" HTTP/1.1\r\n")
          .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n")
          .append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
      for (int i = 0; i < headers.length; i += 2) {
        req.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
      }
      req.append("\r\n");
      OutputStream out = s.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.UTF_8));
      out.write(body);
      out.flush();
      long sent = System.nanoTime();
      InputStream in = s.getInputStream();
      String statusLine = line(in);
      int status = Integer.parseInt(statusLine.split(" ")[1]);
      Map<String, String> h = new LinkedHashMap<>();
      for (String l; !(l = line(in)).isEmpty(); ) {
        int c = l.indexOf(':');
        h.put(l.substring(0, c).trim().toLowerCase(Locale.ROOT), l.substring(c + 1).trim());
      }
      List<Chunk> chunks = new ArrayList<>();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      if (!"chunked".equalsIgnoreCase(h.get("transfer-encoding"))) {
        throw new IOException("not chunked: " + h);
      }
      while (true) {
        int size = Integer.parseInt(line(in).trim(), 16);
        long at = (System.nanoTime() - sent) / 1_000_000;
        if (size == 0) break;
        byte[] data = in.readNBytes(size);
        if (data.length < size) throw new IOException("chunk cut short");
        all.writeBytes(data);
        chunks.add(new Chunk(size, at));
        line(in);
      }
      return new Exchange(status, h, chunks, all.toByteArray());
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int c; (c = in.read()) != '\n'; ) {
      if (c < 0) throw new IOException("connection closed mid-line: " + sb);
      if (c != '\r') sb.append((char) c);
    }
    return sb.toString();
  }
}

package dev.agentharness.fake.deepgram;

import dev.agentharness.audio.AudioFormat;
import dev.agentharness.audio.Pcm;
import dev.agentharness.clock.Link;
import dev.agentharness.clock.Scheduler;
import dev.agentharness.clock.SessionClock;
import dev.agentharness.fake.FakeWebSocket;
import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonException;
import dev.agentharness.internal.json.JsonValue;
import dev.agentharness.internal.json.JsonWriter;
import dev.agentharness.ledger.Billing;
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.scenario.Fault;
import dev.agentharness.scenario.FaultKind;
import dev.agentharness.scenario.Reply;
import dev.agentharness.scenario.TimedFault;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import okio.ByteString;

/** One {@code /v1/listen} WebSocket: the protocol state machine of the fake. */
final class DeepgramConnection extends FakeWebSocket {

  /** Silence that closes a segment when neither endpointing nor utterance_end_ms is on. */
  static final Duration UNENDPOINTED_SEGMENT = Duration.ofSeconds(1);
  /** Interim results come once per this much audio of an open utterance. */
  static final Duration INTERIM_CADENCE = Duration.ofSeconds(1);
  static final double CONFIDENCE = 0.99;
  static final String DATA_ERROR = "DATA-0000: The payload cannot be decoded as audio.";
  private static final DateTimeFormatter CREATED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final int MAX_WAV_HEADER = 4096;
  private static final String EMPTY_RESULTS = "{\"type\":\"Results\",\"channel_index\":[0,1],\"duration\":0.0,"
      + "\"start\":0.0,\"is_final\":false,\"speech_final\":false,\"channel\":{\"alternatives\":[]}}";

  private final FakeDeepgram fake;
  private final String requestId;
  private final ListenOptions options;
  private final ModelInfo model;
  private final SessionClock clock;
  private final Scheduler scheduler;
  private final Instant opened;
  private final Object lock = new Object();
  private final MessageDigest sha256;
  private final List<Scheduler.Scheduled> timed = new ArrayList<>();

  // guarded by lock
  private AudioFormat fmt; // null until a WAV header told it
  private int analysisBytes;
  private byte[] wavHeader; // bytes of a WAV header not yet complete
  private int wavHeaderLength;
  private long received; // audio bytes (after any WAV header)
  private byte[] carry; // audio bytes of an analysis frame not yet complete
  private int carryLength;
  private long analyzed;
  private long windowStart; // start of the audio not yet covered by a final
  private Utterance utterance; // the open utterance, if any
  private long pendingUtteranceEnd = -1; // last_word_end of finalized words still owed an UtteranceEnd
  private Instant lastActivity;
  private Scheduler.Scheduled idleCheck;
  private boolean closing; // no more input is processed
  private Instant ended;
  private String status = "completed";
  private int closeCode;
  private String sha256Hex;
  private boolean billed;

  DeepgramConnection(FakeDeepgram fake, Link link, String requestId, ListenOptions options) {
    super(link);
    this.fake = fake;
    this.requestId = requestId;
    this.options = options;
    this.model = ModelInfo.of(options.model);
    this.clock = fake.clock();
    this.scheduler = clock.scheduler(FakeDeepgram.SERVICE + "/" + link.id());
    this.opened = clock.now();
    this.lastActivity = opened;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
    AudioFormat declared = options.format();
    if (declared != null) useFormat(declared);
  }

  String requestId() {
    return requestId;
  }

  /** Accepted and not ended yet (from the handshake on, before the server's {@code onOpen} too). */
  boolean live() {
    synchronized (lock) {
      return ended == null;
    }
  }

  // ---------------------------------------------------------------- lifecycle

  @Override
  protected void opened() {
    synchronized (lock) {
      if (closing) return;
      idleCheck = scheduler.at(lastActivity.plus(fake.idleTimeout), this::checkIdle);
      for (TimedFault f : fake.timedFaults()) {
        if (f.fault().target() != FaultKind.Target.STT) continue;
        Instant at = clock.origin().plus(f.at());
        if (at.isBefore(clock.now())) continue;
        timed.add(scheduler.at(at, () -> strikeTimed(f.fault())));
      }
    }
  }

  @Override
  protected void closed(int code, String reason) {
    synchronized (lock) {
      closing = true;
      cancelTimers();
      if (ended == null) ended = clock.now();
      if (closeCode == 0) closeCode = code;
      bill();
    }
  }

  void dropNow() {
    drop();
  }

  /** Once the stream has ended nothing of it may keep virtual time going. */
  private void cancelTimers() {
    if (idleCheck != null) idleCheck.cancel();
    timed.forEach(Scheduler.Scheduled::cancel);
  }

  private void bill() {
    if (billed) return;
    billed = true;
    Duration billedAudio = billedAudio(ended);
    fake.ledger().record(new LedgerEntry(requestId, FakeDeepgram.SERVICE, fake.providerName(), options.model,
        Billing.STT_STREAM, status, opened, ended, LedgerEntry.Tokens.NONE, 0, billedAudio));
  }

  private Duration billedAudio(Instant end) {
    return fake.billing == FakeDeepgram.StreamBilling.LIFETIME ? Duration.between(opened, end) : audioReceived();
  }

  private Duration audioReceived() {
    return fmt == null ? Duration.ZERO : fmt.duration(received);
  }

  FakeDeepgram.ListenStream snapshot() {
    synchronized (lock) {
      Instant end = ended != null ? ended : clock.now();
      return new FakeDeepgram.ListenStream(requestId, options.model, options.query, opened, ended, audioReceived(),
          Duration.between(opened, end), billedAudio(end), status, closeCode, ended == null ? null : sha());
    }
  }

  /**
   * Ends the stream from the server's side. The stream is billed now, at this session-clock instant,
   * before the close frame goes out: whoever sees the close finds the ledger entry.
   */
  private void end(int code, String reason) {
    end(null, code, reason);
  }

  /** Bills, then sends {@code last} (the Metadata) if any, then closes. */
  private void end(String last, int code, String reason) {
    closing = true;
    cancelTimers();
    if (ended == null) ended = clock.now();
    closeCode = code;
    bill();
    if (last != null) send(last);
    closeWith(code, reason);
  }

  private void dropWith(String why) {
    closing = true;
    cancelTimers();
    if (ended == null) ended = clock.now();
    status = why;
    closeCode = 1006;
    bill();
    drop();
  }

  private void checkIdle() {
    synchronized (lock) {
      if (closing) return;
      Instant due = lastActivity.plus(fake.idleTimeout);
      if (clock.now().isBefore(due)) {
        idleCheck = scheduler.at(due, this::checkIdle);
        return;
      }
      closing = true;
      end(metadata(), 1011, FakeDeepgram.IDLE_TIMEOUT_REASON);
    }
  }

  private void strikeTimed(Fault f) {
    synchronized (lock) {
      if (closing) return;
      switch (f.kind()) {
        case CLOSE -> {
          status = "incomplete";
          end(f.code() == null ? 1011 : f.code(), f.reason() == null ? "NET-0000" : f.reason());
        }
        case DISCONNECT_MID_RESPONSE -> dropWith("incomplete");
        case MALFORMED_FRAME -> send(malformed(fmt == null ? EMPTY_RESULTS
            : results(windowStart, Math.max(windowStart, analyzed), List.of(), false, false, false)));
        default -> { }
      }
    }
  }

  // ---------------------------------------------------------------- client frames

  @Override
  protected void onText(String text) {
    synchronized (lock) {
      lastActivity = clock.now();
      if (closing) return;
      JsonValue.Obj message;
      try {
        message = Json.parseObject(text);
      } catch (JsonException e) {
        schemaError(e.reason() + " at line 1 column " + Math.max(1, e.position().column()), text);
        return;
      }
      JsonValue type = message.getPresent("type");
      if (!(type instanceof JsonValue.Str t)) {
        schemaError("missing field `type` at line 1 column " + text.length(), text);
        return;
      }
      switch (t.value()) {
        case "KeepAlive", "Configure", "Sync" -> { }
        case "Finalize" -> finalizeBuffered();
        case "CloseStream" -> closeStream();
        default -> schemaError("unknown variant `" + t.value() + "`, expected one of `CloseStream`, `Configure`, "
            + "`Sync`, `KeepAlive`, `Finalize` at line 1 column " + (text.indexOf('"' + t.value() + '"')
            + t.value().length() + 2), text);
      }
    }
  }

  @Override
  protected void onBinary(ByteString bytes) {
    synchronized (lock) {
      lastActivity = clock.now();
      if (closing) return;
      if (bytes.size() == 0) { // the deprecated close signal
        closeStream();
        return;
      }
      byte[] data = bytes.toByteArray();
      sha256.update(data);
      if (fmt == null) {
        readWavHeader(data);
      } else {
        audio(data, 0, data.length);
      }
    }
  }

  private void schemaError(String detail, String original) {
    send(new JsonWriter().beginObject().field("type", "Error").field("variant", "SchemaError")
        .field("description", "Could not deserialize last text message: " + detail).field("message", original)
        .endObject().toString());
  }

  /** {@code Finalize}: what is buffered becomes a final with {@code from_finalize: true}. */
  private void finalizeBuffered() {
    if (fmt == null) return;
    flushCarry();
    if (utterance != null && !closing) closeSegment(analyzed, false, true);
  }

  /** {@code CloseStream}: final Results for what is buffered, then Metadata, then close 1000. */
  private void closeStream() {
    if (fmt != null) {
      flushCarry();
      if (utterance != null && !closing) closeSegment(analyzed, false, false);
    }
    if (closing) return;
    closing = true;
    emit(() -> end(metadata(), 1000, null));
  }

  // ---------------------------------------------------------------- audio

  private void useFormat(AudioFormat f) {
    fmt = f;
    int tenMs = f.bytesPerSecond() / 100;
    analysisBytes = Math.max(f.frameSize(), tenMs - tenMs % f.frameSize());
    carry = new byte[analysisBytes];
  }

  /** Without {@code encoding} Deepgram detects the container; the fake understands WAV (PCM and G.711). */
  private void readWavHeader(byte[] data) {
    if (wavHeader == null) wavHeader = new byte[MAX_WAV_HEADER];
    int n = Math.min(data.length, MAX_WAV_HEADER - wavHeaderLength);
    System.arraycopy(data, 0, wavHeader, wavHeaderLength, n);
    wavHeaderLength += n;
    int dataStart = Wav.dataStart(wavHeader, wavHeaderLength);
    if (dataStart == Wav.NEED_MORE && wavHeaderLength < MAX_WAV_HEADER) {
      if (n < data.length) undecodable();
      return;
    }
    AudioFormat f = dataStart < 0 ? null : Wav.format(wavHeader, wavHeaderLength);
    if (f == null) {
      undecodable();
      return;
    }
    useFormat(f);
    byte[] header = wavHeader;
    int length = wavHeaderLength;
    wavHeader = null;
    if (length > dataStart) audio(header, dataStart, length - dataStart);
    if (n < data.length) audio(data, n, data.length - n);
  }

  private void undecodable() {
    status = "failed";
    end(1002, DATA_ERROR);
  }

  private void audio(byte[] data, int offset, int length) {
    received += length;
    int i = offset;
    int end = offset + length;
    if (carryLength > 0) {
      int n = Math.min(analysisBytes - carryLength, length);
      System.arraycopy(data, i, carry, carryLength, n);
      carryLength += n;
      i += n;
      if (carryLength < analysisBytes) return;
      carryLength = 0;
      analyze(carry, 0, analysisBytes);
    }
    while (end - i >= analysisBytes && !closing) {
      analyze(data, i, analysisBytes);
      i += analysisBytes;
    }
    if (i < end && !closing) {
      System.arraycopy(data, i, carry, 0, end - i);
      carryLength = end - i;
    }
  }

  private void flushCarry() {
    if (carryLength == 0) return;
    int n = carryLength;
    carryLength = 0;
    analyze(carry, 0, n);
  }

  private void analyze(byte[] pcm, int from, int length) {
    if (closing) return;
    long a = analyzed;
    long b = analyzed + length;
    analyzed = b;
    boolean loud = isLoud(pcm, from, from + length);
    if (loud) {
      if (utterance == null) startUtterance(a);
      utterance.lastLoud = b;
    }
    if (utterance != null) {
      long silence = b - utterance.lastLoud;
      if (!loud && silence >= bytes(segmentSilenceMs())) {
        boolean speechFinal = options.endpointingMs >= 0 && silence >= bytes(options.endpointingMs);
        closeSegment(b, speechFinal, false);
      } else if (options.interimResults && b >= utterance.nextInterim) {
        utterance.nextInterim += bytes(INTERIM_CADENCE.toMillis());
        sendInterim(b);
      }
    }
    if (utterance == null && pendingUtteranceEnd >= 0 && !closing
        && b - pendingUtteranceEnd >= bytes(options.utteranceEndMs)) {
      long lastWordEnd = pendingUtteranceEnd;
      pendingUtteranceEnd = -1;
      String json = new JsonWriter().beginObject().field("type", "UtteranceEnd").name("channel").beginArray()
          .value(0).value(channelsTotal()).endArray().field("last_word_end", seconds(lastWordEnd)).endObject()
          .toString();
      emit(() -> send(json));
    }
  }

  private boolean utteranceEndOn() {
    return options.utteranceEndMs >= 0 && options.interimResults;
  }

  private long segmentSilenceMs() {
    long ms = Long.MAX_VALUE;
    if (options.endpointingMs >= 0) ms = options.endpointingMs;
    if (utteranceEndOn()) ms = Math.min(ms, options.utteranceEndMs);
    return ms == Long.MAX_VALUE ? UNENDPOINTED_SEGMENT.toMillis() : ms;
  }

  private boolean isLoud(byte[] pcm, int from, int to) {
    if (fmt.bytesPerSample() == 2) return Pcm.isLoud(pcm, from, to, 500);
    if (fmt.bytesPerSample() == 4) {
      for (int i = from; i + 3 < to; i += 4) {
        int v = (pcm[i] & 0xff) | (pcm[i + 1] & 0xff) << 8 | (pcm[i + 2] & 0xff) << 16 | pcm[i + 3] << 24;
        if (v > 500 << 16 || v < -(500 << 16)) return true;
      }
      return false;
    }
    for (int i = from; i < to; i++) {
      int b = pcm[i] & 0xff;
      // G.711 silence: µ-law 0xFF/0x7F, A-law 0xD5/0x55
      if (b != 0xff && b != 0x7f && b != 0xd5 && b != 0x55) return true;
    }
    return false;
  }

  // ---------------------------------------------------------------- utterances and results

  private void startUtterance(long at) {
    Reply reply = fake.script().next();
    utterance = new Utterance(at, fake.nextTranscript(), reply);
    utterance.nextInterim = at + bytes(INTERIM_CADENCE.toMillis());
    pendingUtteranceEnd = -1;
    if (options.vadEvents) {
      String json = new JsonWriter().beginObject().field("type", "SpeechStarted").name("channel").beginArray()
          .value(0).value(channelsTotal()).endArray().field("timestamp", seconds(at)).endObject().toString();
      emit(() -> send(json));
    }
  }

  private void sendInterim(long to) {
    Utterance u = utterance;
    int n = u.tokens.length;
    long expected = fmt.bytes(fake.rates().speechDuration(u.text));
    long spoken = to - u.start;
    int k = expected <= 0 ? n : (int) Math.min(n, Math.max(1, (spoken * n + expected - 1) / expected));
    sendResults(windowStart, to, k, Math.min(to, u.lastLoud), false, false, false);
  }

  /** A final for the open utterance, covering the audio from the end of the last final to {@code to}. */
  private void closeSegment(long to, boolean speechFinal, boolean fromFinalize) {
    Utterance u = utterance;
    sendResults(windowStart, to, u.tokens.length, u.lastLoud, true, speechFinal, fromFinalize);
    windowStart = to;
    utterance = null;
    if (utteranceEndOn()) pendingUtteranceEnd = u.lastLoud;
  }

  private void sendResults(long from, long to, int words, long wordsEnd, boolean isFinal, boolean speechFinal,
      boolean fromFinalize) {
    Utterance u = utterance;
    List<Word> list = new ArrayList<>(words);
    long span = Math.max(0, wordsEnd - u.start);
    int frame = fmt.frameSize();
    for (int i = 0; i < words; i++) {
      long s = u.start + align(span * i / words, frame);
      long e = i == words - 1 ? wordsEnd : u.start + align(span * (i + 1) / words, frame);
      list.add(new Word(u.tokens[i], s, e));
    }
    String json = results(from, to, list, isFinal, speechFinal, fromFinalize);
    Fault strike = u.strikeAt(to, isFinal, this);
    if (strike == null) {
      emit(() -> send(json));
      return;
    }
    switch (strike.kind()) {
      case MALFORMED_FRAME -> emit(() -> send(malformed(json)));
      case DISCONNECT_MID_RESPONSE -> {
        closing = true;
        emit(() -> dropWith("incomplete"));
      }
      default -> {
        closing = true;
        emit(() -> {
          status = "incomplete";
          end(strike.code() == null ? 1011 : strike.code(), strike.reason() == null ? "NET-0000" : strike.reason());
        });
      }
    }
  }

  private String results(long from, long to, List<Word> words, boolean isFinal, boolean speechFinal,
      boolean fromFinalize) {
    StringBuilder transcript = new StringBuilder();
    for (Word w : words) {
      if (transcript.length() > 0) transcript.append(' ');
      transcript.append(options.punctuate ? w.punctuated : w.plain);
    }
    JsonWriter j = new JsonWriter().beginObject().field("type", "Results").name("channel_index").beginArray()
        .value(0).value(channelsTotal()).endArray()
        .field("duration", seconds(to - from)).field("start", seconds(from))
        .field("is_final", isFinal).field("speech_final", speechFinal)
        .name("channel").beginObject().name("alternatives").beginArray().beginObject()
        .field("transcript", transcript.toString()).field("confidence", words.isEmpty() ? 0.0 : CONFIDENCE)
        .name("words").beginArray();
    for (Word w : words) {
      j.beginObject().field("word", w.plain).field("start", seconds(w.start)).field("end", seconds(w.end))
          .field("confidence", CONFIDENCE);
      if (options.punctuate) j.field("punctuated_word", w.punctuated);
      j.endObject();
    }
    j.endArray().endObject().endArray().endObject();
    j.name("metadata").beginObject().field("request_id", requestId).name("model_info");
    writeModelInfo(j);
    j.field("model_uuid", model.uuid()).endObject();
    return j.field("from_finalize", fromFinalize).endObject().toString();
  }

  private void writeModelInfo(JsonWriter j) {
    j.beginObject().field("name", model.name()).field("version", model.version()).field("arch", model.arch())
        .endObject();
  }

  private String metadata() {
    boolean any = received > 0;
    JsonWriter j = new JsonWriter().beginObject().field("type", "Metadata").field("transaction_key", "deprecated")
        .field("request_id", requestId).field("sha256", sha()).field("created", CREATED.format(opened))
        .field("duration", any ? seconds(received) : 0.0).field("channels", any ? fmt.channels() : 0);
    if (any) {
      j.name("models").beginArray().value(model.uuid()).endArray();
      j.name("model_info").beginObject().name(model.uuid());
      writeModelInfo(j);
      j.endObject();
    }
    return j.endObject().toString();
  }

  /** A frame cut off half way: not JSON. */
  private static String malformed(String json) {
    return json.substring(0, json.length() / 2);
  }

  private String sha() {
    if (sha256Hex == null) sha256Hex = HexFormat.of().formatHex(sha256.digest());
    return sha256Hex;
  }

  /** Sends now, or after the fake's latency; either way in the order called. */
  private void emit(Runnable action) {
    if (fake.latency.isZero()) {
      action.run();
      return;
    }
    scheduler.after(fake.latency, () -> {
      synchronized (lock) {
        action.run();
      }
    });
  }

  private int channelsTotal() {
    return options.multichannel ? options.channels : 1;
  }

  private long bytes(long ms) {
    return align(ms * fmt.bytesPerSecond() / 1000, fmt.frameSize());
  }

  private double seconds(long bytes) {
    return (double) bytes / fmt.bytesPerSecond();
  }

  private static long align(long bytes, int frame) {
    return bytes - bytes % frame;
  }

  // ---------------------------------------------------------------- values

  private record Word(String plain, String punctuated, long start, long end) {
    Word(String token, long start, long end) {
      this(plainWord(token), token, start, end);
    }

    static String plainWord(String token) {
      StringBuilder sb = new StringBuilder();
      for (char c : token.toLowerCase(Locale.ROOT).toCharArray()) {
        if (Character.isLetterOrDigit(c) || c == '\'') sb.append(c);
      }
      return sb.length() == 0 ? token.toLowerCase(Locale.ROOT) : sb.toString();
    }
  }

  /** One detected utterance: its transcript, and the faults of the reply it took from the script. */
  private static final class Utterance {
    final long start;
    final String text;
    final String[] tokens;
    final Fault malformed;
    final Fault terminal;
    long lastLoud;
    long nextInterim;
    boolean malformedDone;

    Utterance(long start, String text, Reply reply) {
      this.start = start;
      this.text = text;
      String trimmed = text.trim();
      this.tokens = trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
      this.malformed = FakeDeepgram.sttFault(reply, FaultKind.MALFORMED_FRAME);
      this.terminal = FakeDeepgram.sttFault(reply, FaultKind.DISCONNECT_MID_RESPONSE, FaultKind.CLOSE);
    }

    /**
     * The fault that strikes at the Results ending at {@code to}: the first Results after {@code delay}
     * of speech (default 0), or the final when the speech ends sooner.
     */
    Fault strikeAt(long to, boolean isFinal, DeepgramConnection c) {
      if (terminal != null && (isFinal || to - start >= c.delayBytes(terminal))) return terminal;
      if (malformed != null && !malformedDone && (isFinal || to - start >= c.delayBytes(malformed))) {
        malformedDone = true;
        return malformed;
      }
      return null;
    }
  }

  private long delayBytes(Fault f) {
    return f.delay() == null ? 0 : bytes(f.delay().toMillis());
  }

  /** Reads just enough of a RIFF/WAVE header to find the format and where the samples start. */
  static final class Wav {
    static final int NEED_MORE = -1;
    static final int INVALID = -2;

    private Wav() {}

    /** The offset of the first sample, {@link #NEED_MORE}, or {@link #INVALID}. */
    static int dataStart(byte[] h, int length) {
      if (length < 12) return prefixMatches(h, length) ? NEED_MORE : INVALID;
      if (!prefixMatches(h, 12)) return INVALID;
      ByteBuffer b = ByteBuffer.wrap(h, 0, length).order(ByteOrder.LITTLE_ENDIAN);
      int pos = 12;
      boolean fmtSeen = false;
      while (pos + 8 <= length) {
        String id = new String(h, pos, 4, java.nio.charset.StandardCharsets.US_ASCII);
        long size = b.getInt(pos + 4) & 0xffffffffL;
        if (id.equals("data")) return fmtSeen ? pos + 8 : INVALID;
        if (id.equals("fmt ")) fmtSeen = true;
        long next = pos + 8 + size + (size & 1);
        if (next > Integer.MAX_VALUE) return INVALID;
        pos = (int) next;
      }
      return NEED_MORE;
    }

    private static boolean prefixMatches(byte[] h, int length) {
      byte[] riff = {'R', 'I', 'F', 'F'};
      byte[] wave = {'W', 'A', 'V', 'E'};
      for (int i = 0; i < Math.min(length, 4); i++) {
        if (h[i] != riff[i]) return false;
      }
      for (int i = 8; i < Math.min(length, 12); i++) {
        if (h[i] != wave[i - 8]) return false;
      }
      return true;
    }

    /** The format in the {@code fmt } chunk, or {@code null} when the fake cannot decode it. */
    static AudioFormat format(byte[] h, int length) {
      ByteBuffer b = ByteBuffer.wrap(h, 0, length).order(ByteOrder.LITTLE_ENDIAN);
      int pos = 12;
      while (pos + 8 <= length) {
        String id = new String(h, pos, 4, java.nio.charset.StandardCharsets.US_ASCII);
        int size = b.getInt(pos + 4);
        if (id.equals("fmt ") && size >= 16 && pos + 24 <= length) {
          int tag = b.getShort(pos + 8) & 0xffff;
          int channels = b.getShort(pos + 10) & 0xffff;
          int rate = b.getInt(pos + 12);
          int bits = b.getShort(pos + 22) & 0xffff;
          if (channels <= 0 || rate <= 0) return null;
          if (tag == 1 && bits == 16) return new AudioFormat("pcm_s16le", rate, channels, 2);
          if (tag == 1 && bits == 32) return new AudioFormat("pcm_s32le", rate, channels, 4);
          if (tag == 7 && bits == 8) return new AudioFormat("pcm_mulaw", rate, channels, 1);
          if (tag == 6 && bits == 8) return new AudioFormat("pcm_alaw", rate, channels, 1);
          return null;
        }
        pos += 8 + size + (size & 1);
      }
      return null;
    }
  }
}

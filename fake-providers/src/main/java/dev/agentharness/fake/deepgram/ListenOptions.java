package dev.agentharness.fake.deepgram;

import dev.agentharness.audio.AudioFormat;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The query of one {@code GET /v1/listen}: parsed, checked the way Deepgram checks it (unknown
 * parameters and bad values refuse the handshake with HTTP 400), and reduced to what the fake needs.
 */
final class ListenOptions {

  /** Parameters the live endpoint takes (Deepgram's SDK, LiveKit's plugins, and legacy ones still sent). */
  static final Set<String> KNOWN = Set.of("model", "language", "version", "encoding", "sample_rate", "channels",
      "multichannel", "interim_results", "endpointing", "utterance_end_ms", "vad_events", "punctuate", "smart_format",
      "no_delay", "filler_words", "profanity_filter", "numerals", "mip_opt_out", "diarize", "diarize_model",
      "diarize_version", "dictation", "detect_entities", "keywords", "keyterm", "replace", "search", "redact", "tag",
      "extra", "callback", "callback_method", "tier", "alternatives", "detect_language", "sentiment", "ner");

  private static final Set<String> BOOLEANS = Set.of("multichannel", "interim_results", "vad_events", "punctuate",
      "smart_format", "no_delay", "filler_words", "profanity_filter", "numerals", "mip_opt_out", "diarize", "dictation",
      "detect_entities", "detect_language", "sentiment", "ner");

  /** Raw encodings the fake decodes; each needs {@code sample_rate}. */
  private static final Set<String> DECODED = Set.of("linear16", "linear32", "mulaw", "alaw");
  /** Encodings Deepgram accepts that the fake cannot decode. */
  private static final Set<String> COMPRESSED = Set.of("flac", "amr-nb", "amr-wb", "opus", "ogg-opus", "speex", "g729");

  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*|multi");
  private static final Pattern MODEL = Pattern.compile(
      "nova-3(-general|-medical)?"
          + "|nova-2(-general|-meeting|-phonecall|-finance|-conversationalai|-voicemail|-video|-medical|-drivethru"
          + "|-automotive|-atc)?"
          + "|nova(-general|-phonecall|-medical)?"
          + "|enhanced(-general|-meeting|-phonecall|-finance)?"
          + "|base(-general|-meeting|-phonecall|-finance|-conversationalai|-voicemail|-video)?"
          + "|general|meeting|phonecall|finance|conversationalai|voicemail|video");
  /** Models that transcribe English only; another language is refused (livekit/agents #618). */
  private static final Pattern ENGLISH_ONLY = Pattern.compile(
      "nova-2-(meeting|phonecall|finance|conversationalai|voicemail|video|medical|drivethru|automotive|atc)"
          + "|nova-3-medical|nova-(phonecall|medical)");

  static final String NO_SUCH_MODEL =
      "No such model/language/tier combination found. Use the /v1/models endpoint to view valid models.";

  final String query;
  final String model;
  final String language;
  final String encoding; // null: a container (WAV) is expected
  final int sampleRate;
  final int channels;
  final boolean multichannel;
  final boolean interimResults;
  final int endpointingMs; // -1 when endpointing=false
  final int utteranceEndMs; // -1 when not set
  final boolean vadEvents;
  final boolean punctuate;

  private ListenOptions(String query, String model, String language, String encoding, int sampleRate, int channels,
      boolean multichannel, boolean interimResults, int endpointingMs, int utteranceEndMs, boolean vadEvents,
      boolean punctuate) {
    this.query = query;
    this.model = model;
    this.language = language;
    this.encoding = encoding;
    this.sampleRate = sampleRate;
    this.channels = channels;
    this.multichannel = multichannel;
    this.interimResults = interimResults;
    this.endpointingMs = endpointingMs;
    this.utteranceEndMs = utteranceEndMs;
    this.vadEvents = vadEvents;
    this.punctuate = punctuate;
  }

  /** A query Deepgram refuses: the message goes to {@code err_msg} and the {@code dg-error} header. */
  static final class Invalid extends Exception {
    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Parses and checks a request target's query.
   *
   * @param defaultModel the model when the query names none
   * @throws Invalid when Deepgram would answer 400
   */
  static ListenOptions parse(String target, String defaultModel) throws Invalid {
    int q = target.indexOf('?');
    String query = q < 0 ? "" : target.substring(q + 1);
    List<String[]> params = new ArrayList<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      params.add(new String[] {key, value});
    }
    for (String[] p : params) {
      if (!KNOWN.contains(p[0])) throw new Invalid("Invalid query string. Unknown parameter: `" + p[0] + "`.");
      if (BOOLEANS.contains(p[0]) && !p[1].equals("true") && !p[1].equals("false")) {
        throw new Invalid("Invalid query string. Failed to parse `" + p[0] + "`: expected `true` or `false`, found `"
            + p[1] + "`.");
      }
    }
    String model = first(params, "model", defaultModel);
    if (!MODEL.matcher(model).matches()) throw new Invalid(NO_SUCH_MODEL);
    String language = first(params, "language", null);
    if (language != null && !LANGUAGE.matcher(language).matches()) throw new Invalid(NO_SUCH_MODEL);
    if (language != null && ENGLISH_ONLY.matcher(model).matches()
        && !language.toLowerCase(Locale.ROOT).startsWith("en")) {
      throw new Invalid(NO_SUCH_MODEL);
    }
    String encoding = first(params, "encoding", null);
    if (encoding != null && !DECODED.contains(encoding)) {
      if (COMPRESSED.contains(encoding)) {
        throw new Invalid("agentharness: the fake Deepgram decodes linear16, linear32, mulaw and alaw (or WAV without "
            + "`encoding`); it cannot transcribe `" + encoding + "`.");
      }
      throw new Invalid("Invalid query string. Failed to parse `encoding`: unknown encoding `" + encoding + "`.");
    }
    String rate = first(params, "sample_rate", null);
    if (encoding != null && rate == null) {
      throw new Invalid("Invalid query string. `sample_rate` is required when `encoding` is set to a raw encoding.");
    }
    int sampleRate = rate == null ? 0 : positive(rate, "sample_rate");
    int channels = positive(first(params, "channels", "1"), "channels");
    String endpointing = first(params, "endpointing", "10");
    int endpointingMs;
    if (endpointing.equals("false")) {
      endpointingMs = -1;
    } else if (endpointing.equals("true")) {
      endpointingMs = 10;
    } else {
      endpointingMs = notNegative(endpointing, "endpointing");
    }
    String ue = first(params, "utterance_end_ms", null);
    int utteranceEndMs = ue == null ? -1 : notNegative(ue, "utterance_end_ms");
    boolean punctuate = bool(params, "punctuate") || bool(params, "smart_format");
    return new ListenOptions(query, model, language, encoding, sampleRate, channels, bool(params, "multichannel"),
        bool(params, "interim_results"), endpointingMs, utteranceEndMs, bool(params, "vad_events"), punctuate);
  }

  /** The raw audio format declared by the query, or {@code null} when a WAV header is expected. */
  AudioFormat format() {
    if (encoding == null) return null;
    return switch (encoding) {
      case "linear16" -> new AudioFormat("pcm_s16le", sampleRate, channels, 2);
      case "linear32" -> new AudioFormat("pcm_s32le", sampleRate, channels, 4);
      case "mulaw" -> new AudioFormat("pcm_mulaw", sampleRate, channels, 1);
      default -> new AudioFormat("pcm_alaw", sampleRate, channels, 1);
    };
  }

  private static String first(List<String[]> params, String key, String fallback) {
    for (String[] p : params) {
      if (p[0].equals(key)) return p[1];
    }
    return fallback;
  }

  private static boolean bool(List<String[]> params, String key) {
    return "true".equals(first(params, key, "false"));
  }

  private static int positive(String value, String key) throws Invalid {
    int n = integer(value, key);
    if (n <= 0) {
      throw new Invalid("Invalid query string. `" + key + "` must be a positive integer, found `" + value + "`.");
    }
    return n;
  }

  private static int notNegative(String value, String key) throws Invalid {
    int n = integer(value, key);
    if (n < 0) throw new Invalid("Invalid query string. `" + key + "` must not be negative, found `" + value + "`.");
    return n;
  }

  private static int integer(String value, String key) throws Invalid {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new Invalid("Invalid query string. Failed to parse `" + key + "`: expected an integer, found `" + value
          + "`.");
    }
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}

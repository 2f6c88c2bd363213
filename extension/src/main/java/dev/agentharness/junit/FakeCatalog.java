package dev.agentharness.junit;

import dev.agentharness.fake.FakeProvider;
import dev.agentharness.fake.cartesia.FakeCartesia;
import dev.agentharness.fake.deepgram.FakeDeepgram;
import dev.agentharness.fake.elevenlabs.FakeElevenLabs;
import dev.agentharness.fake.gemini.FakeGeminiLive;
import dev.agentharness.fake.openai.FakeOpenAiChat;
import dev.agentharness.fake.openai.FakeOpenAiRealtime;
import dev.agentharness.fake.openai.FakeOpenAiSpeech;
import dev.agentharness.ledger.Ledger;
import dev.agentharness.scenario.Providers.OpenAiDialect;
import dev.agentharness.session.SimulatedSession;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The fakes the extension can start and inject: one entry per fake. Wiring a new fake is one entry in
 * {@link #ENTRIES}: its {@link Fake} constant, its class, how to build it from the test's settings, and how
 * to find it in a {@link SimulatedSession} that runs it already ({@code s -> null} if sessions never do).
 */
final class FakeCatalog {

  private static final List<Entry<?>> ENTRIES = List.of(
      new Entry<>(Fake.OPENAI_REALTIME, FakeOpenAiRealtime.class,
          s -> s.common(FakeOpenAiRealtime.builder()).dialect(s.dialect()).build(), SimulatedSession::openAiRealtime),
      new Entry<>(Fake.GEMINI_LIVE, FakeGeminiLive.class,
          s -> s.common(FakeGeminiLive.builder()).build(), SimulatedSession::geminiLive),
      new Entry<>(Fake.OPENAI_CHAT, FakeOpenAiChat.class,
          s -> s.common(FakeOpenAiChat.builder()).build(), SimulatedSession::openAiChat),
      new Entry<>(Fake.OPENAI_SPEECH, FakeOpenAiSpeech.class,
          s -> s.common(FakeOpenAiSpeech.builder()).build(), SimulatedSession::openAiSpeech),
      new Entry<>(Fake.DEEPGRAM, FakeDeepgram.class,
          s -> s.common(FakeDeepgram.builder()).build(), SimulatedSession::deepgram),
      new Entry<>(Fake.ELEVENLABS, FakeElevenLabs.class,
          s -> s.common(FakeElevenLabs.builder()).build(), SimulatedSession::elevenLabs),
      new Entry<>(Fake.CARTESIA, FakeCartesia.class,
          s -> s.common(FakeCartesia.builder()).build(), SimulatedSession::cartesia));

  private static final Map<Fake, Entry<?>> BY_FAKE = byFake();

  private FakeCatalog() {}

  /** The entry of a wired fake. */
  static Optional<Entry<?>> of(Fake fake) {
    return Optional.ofNullable(BY_FAKE.get(fake));
  }

  /** The entry whose fake class is exactly {@code type}. */
  static Optional<Entry<?>> of(Class<?> type) {
    return ENTRIES.stream().filter(e -> e.type() == type).findFirst();
  }

  /** The wired fakes, for messages: {@code OPENAI_REALTIME, ...}. */
  static String available() {
    return ENTRIES.stream().map(e -> e.fake().name()).collect(Collectors.joining(", "));
  }

  /** The injectable fake classes, for messages: {@code FakeOpenAiRealtime, ...}. */
  static List<Class<?>> types() {
    return ENTRIES.stream().<Class<?>>map(Entry::type).toList();
  }

  private static Map<Fake, Entry<?>> byFake() {
    Map<Fake, Entry<?>> m = new EnumMap<>(Fake.class);
    for (Entry<?> e : ENTRIES) m.put(e.fake(), e);
    return Map.copyOf(m);
  }

  /** What a fake started by the extension is built with. */
  record FakeSettings(Ledger ledger, String apiKey, OpenAiDialect dialect) {
    /** Applies what every fake takes: the shared ledger and, if set, the key. */
    <B extends FakeProvider.Builder<B, ?>> B common(B builder) {
      builder.ledger(ledger);
      if (!apiKey.isEmpty()) builder.apiKey(apiKey);
      return builder;
    }
  }

  /**
   * One wired fake.
   *
   * @param create builds the fake, not started: the extension mounts it on the test's server
   * @param inSession the fake a session runs for its scenario, or null
   */
  record Entry<F extends FakeProvider>(Fake fake, Class<F> type, Function<FakeSettings, F> create,
      Function<SimulatedSession, F> inSession) {}
}

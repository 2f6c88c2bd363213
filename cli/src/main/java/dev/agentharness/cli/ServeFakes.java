package dev.agentharness.cli;

import dev.agentharness.fake.FakeProvider;
import dev.agentharness.fake.FakeServer;
import dev.agentharness.fake.cartesia.FakeCartesia;
import dev.agentharness.fake.deepgram.FakeDeepgram;
import dev.agentharness.fake.elevenlabs.FakeElevenLabs;
import dev.agentharness.fake.gemini.FakeGeminiLive;
import dev.agentharness.fake.openai.FakeOpenAiChat;
import dev.agentharness.fake.openai.FakeOpenAiRealtime;
import dev.agentharness.fake.openai.FakeOpenAiSpeech;
import dev.agentharness.ledger.Ledger;
import dev.agentharness.scenario.Agent;
import dev.agentharness.scenario.FaultKind;
import dev.agentharness.scenario.Providers;
import dev.agentharness.scenario.Reply;
import dev.agentharness.scenario.Scenario;
import dev.agentharness.scenario.TimedFault;
import dev.agentharness.scenario.Turn;
import java.time.Duration;
import java.util.List;

/**
 * The fakes {@code serve} runs for one scenario, all on one server, billing one ledger, taking one key.
 *
 * <p>A realtime scenario's replies go to both realtime fakes (OpenAI Realtime and Gemini Live), a pipeline
 * scenario's to the pipeline fakes (chat, its TTS, and Deepgram the replies of the turns in which the user speaks);
 * the other fakes play the default reply ({@link Reply#defaults()}), as every fake does once its script runs
 * out. A scenario's timed faults strike only the fake of the provider and role they name, counted from when
 * the scenario was loaded.
 */
final class ServeFakes implements AutoCloseable {

  final Scenario scenario;
  final FakeOpenAiRealtime openAiRealtime;
  final FakeOpenAiChat openAiChat;
  final FakeOpenAiSpeech openAiSpeech;
  final FakeGeminiLive geminiLive;
  final FakeDeepgram deepgram;
  final FakeElevenLabs elevenLabs;
  final FakeCartesia cartesia;
  private final List<FakeProvider> all;

  /**
   * Builds the fakes and attaches them to {@code server} (they are dispatched to by {@link ServeRoute}, not
   * mounted as routes of their own, so that a later scenario can take their place).
   *
   * @param loadedAt the server's clock time when the scenario is loaded: timed faults count from there
   * @param generation 1 for the first scenario, then one more per replacement: seeds the ids the fakes make up,
   *     so that a replacement never repeats an id already in the ledger
   */
  ServeFakes(Scenario scenario, String apiKey, Ledger ledger, FakeServer server, Duration loadedAt, long generation) {
    this.scenario = scenario;
    Agent agent = scenario.agent();
    boolean realtime = agent.isRealtime();
    List<Reply> replies = scenario.replies();
    List<String> userTexts = scenario.turns().stream().filter(t -> t.user() != null).map(t -> t.user().text())
        .toList();
    Providers.Realtime rt = realtime ? agent.realtime().provider() : null;

    FakeOpenAiRealtime.Builder openAi = FakeOpenAiRealtime.builder().apiKey(apiKey).ledger(ledger)
        .rates(scenario.rates()).seed(generation).replies(realtime ? replies : List.of())
        .userTranscripts(realtime ? userTexts : List.of());
    if (rt == Providers.Realtime.OPENAI) {
      openAi.model(agent.realtime().model()).dialect(agent.realtime().dialect())
          .timedFaults(faults(scenario, FaultKind.Target.REALTIME, loadedAt));
    }
    this.openAiRealtime = openAi.build();

    FakeGeminiLive.Builder gemini = FakeGeminiLive.builder().apiKey(apiKey).ledger(ledger).rates(scenario.rates())
        .seed(generation).replies(realtime ? replies : List.of()).userTranscripts(realtime ? userTexts : List.of());
    if (rt == Providers.Realtime.GEMINI) gemini.timedFaults(faults(scenario, FaultKind.Target.REALTIME, loadedAt));
    this.geminiLive = gemini.build();

    List<Reply> spokenTo = scenario.turns().stream().filter(t -> t.user() != null).map(Turn::reply).toList();
    FakeDeepgram.Builder dg = FakeDeepgram.builder().apiKey(apiKey).ledger(ledger).rates(scenario.rates())
        .seed(generation).transcripts(realtime ? List.of() : userTexts).replies(realtime ? List.of() : spokenTo);
    if (!realtime) {
      dg.model(agent.stt().model()).timedFaults(faults(scenario, FaultKind.Target.STT, loadedAt));
    }
    this.deepgram = dg.build();

    this.openAiChat = FakeOpenAiChat.builder().apiKey(apiKey).ledger(ledger).rates(scenario.rates())
        .seed(generation).replies(realtime ? List.of() : replies)
        .timedFaults(realtime ? none() : faults(scenario, FaultKind.Target.LLM, loadedAt)).build();
    boolean openAiTts = !realtime && agent.tts() != null && agent.tts().provider() == Providers.Tts.OPENAI;
    this.openAiSpeech = FakeOpenAiSpeech.builder().apiKey(apiKey).ledger(ledger).rates(scenario.rates())
        .seed(generation).replies(realtime ? List.of() : replies)
        .timedFaults(openAiTts ? faults(scenario, FaultKind.Target.TTS, loadedAt) : none()).build();

    Providers.Tts tts = realtime || agent.tts() == null ? null : agent.tts().provider();
    this.elevenLabs = FakeElevenLabs.builder().apiKey(apiKey).ledger(ledger).rates(scenario.rates())
        .seed(generation).replies(tts == Providers.Tts.ELEVENLABS ? replies : List.of())
        .timedFaults(tts == Providers.Tts.ELEVENLABS ? faults(scenario, FaultKind.Target.TTS, loadedAt) : none()).build();
    this.cartesia = FakeCartesia.builder().apiKey(apiKey).ledger(ledger).rates(scenario.rates())
        .seed(generation).replies(tts == Providers.Tts.CARTESIA ? replies : List.of())
        .timedFaults(tts == Providers.Tts.CARTESIA ? faults(scenario, FaultKind.Target.TTS, loadedAt) : none()).build();

    this.all = List.of(openAiRealtime, openAiChat, openAiSpeech, geminiLive, deepgram, elevenLabs, cartesia);
    for (FakeProvider f : all) f.mounted(server);
  }

  private static List<TimedFault> none() {
    return List.of();
  }

  /** The scenario's timed faults on {@code target}, moved to count from {@code loadedAt}. */
  private static List<TimedFault> faults(Scenario s, FaultKind.Target target, Duration loadedAt) {
    return s.faults().stream().filter(f -> f.fault().target() == target)
        .map(f -> new TimedFault(f.at().plus(loadedAt), f.fault())).toList();
  }

  /** Every fake, in the order requests are matched. */
  List<FakeProvider> all() {
    return all;
  }

  /** Drops the fakes' open connections. */
  @Override
  public void close() {
    for (FakeProvider f : all) f.close();
  }
}

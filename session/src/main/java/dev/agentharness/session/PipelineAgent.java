package dev.agentharness.session;

import dev.agentharness.audio.AudioFormat;
import dev.agentharness.audio.Pcm;
import dev.agentharness.client.ClientContext;
import dev.agentharness.client.ProviderException;
import dev.agentharness.client.deepgram.DeepgramSttClient;
import dev.agentharness.client.openai.OpenAiChatClient;
import dev.agentharness.clock.Scheduler;
import dev.agentharness.clock.SessionClock;
import dev.agentharness.metrics.EouMetrics;
import dev.agentharness.metrics.LlmMetrics;
import dev.agentharness.metrics.Metadata;
import dev.agentharness.scenario.Reply;
import dev.agentharness.scenario.Scenario;
import dev.agentharness.scenario.Turn;
import dev.agentharness.scenario.UserSpeech;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An STT → LLM → TTS agent, as LiveKit's pipeline runs it: the user's audio streams to the STT, the STT's
 * end of speech ends the turn (an EOU metric), the transcript goes to the LLM, and the LLM's reply is
 * spoken by the TTS and played out. The STT connection stays open for the whole conversation (with
 * LiveKit's keep-alive every 5 s) and is closed at the end, so its last usage is reported.
 *
 * <p>Each reply is synthesized as one segment once the LLM has finished (LiveKit splits into sentences as
 * the text streams; one segment per reply keeps each reply's scripted audio exact).
 */
final class PipelineAgent implements AgentRunner {

  static final String SYSTEM_PROMPT = "You are a helpful voice assistant.";
  private static final AudioFormat INPUT = AudioFormat.PCM16_16K;
  private static final Duration TRAILING_SILENCE = Duration.ofMillis(300);

  private final SimulatedSession session;
  private final Scenario scenario;
  private final SessionClock clock;
  private final Scheduler scheduler;
  private final Duration chunk;
  private final DeepgramSttClient stt;
  private final OpenAiChatClient llm;
  private final PipelineTts tts;
  private final Metadata eouMetadata = new Metadata("stt", "unknown");
  private final Object lock = new Object();

  // guarded by lock
  private int turn = -1;
  private boolean finished;
  private boolean nextTurnStarted;
  private Instant speechEnded;
  private Instant finalTranscriptAt;
  private final StringBuilder transcript = new StringBuilder();
  private final List<OpenAiChatClient.Message> history = new ArrayList<>();
  private PipelineTts.Speech speaking;
  private Scheduler.Scheduled keepAlive;
  private boolean ending;
  private Runnable whenSttClosed;

  PipelineAgent(SimulatedSession session, ClientContext context, DeepgramSttClient.Options sttOptions,
      OpenAiChatClient.Options llmOptions, PipelineTts tts, Duration chunk) {
    this.session = session;
    this.scenario = session.scenario();
    this.clock = context.clock();
    this.scheduler = clock.scheduler("agent");
    this.chunk = chunk;
    this.stt = new DeepgramSttClient(context, sttOptions, new SttEvents());
    this.llm = new OpenAiChatClient(context, llmOptions);
    this.tts = tts;
    history.add(OpenAiChatClient.Message.system(SYSTEM_PROMPT));
  }

  @Override
  public void start(Instant at) {
    scheduler.at(at, () -> {
      session.agentState(AgentState.LISTENING);
      stt.connect();
      tts.connect();
      scheduleKeepAlive();
      beginTurn(0, clock.now());
    });
  }

  // LiveKit's keep-alive task: a KeepAlive every 5 s until input ends
  private void scheduleKeepAlive() {
    synchronized (lock) {
      if (ending) return;
      keepAlive = scheduler.after(DeepgramSttClient.KEEPALIVE_PERIOD, () -> {
        stt.keepAlive();
        scheduleKeepAlive();
      });
    }
  }

  private void beginTurn(int i, Instant after) {
    synchronized (lock) {
      turn = i;
      nextTurnStarted = false;
      transcript.setLength(0);
      speechEnded = null;
      finalTranscriptAt = null;
      if (i >= scenario.turns().size()) {
        finished = true;
        session.conversationEnded(after);
        return;
      }
    }
    Turn t = scenario.turns().get(i);
    Instant at = after.plus(t.pause());
    if (t.user() == null) {
      scheduler.at(at, this::reply);
    } else {
      speak(t.user(), at);
    }
  }

  /** The user speaks: 16 kHz frames as a microphone delivers them, then a little silence. */
  private void speak(UserSpeech user, Instant at) {
    Duration length = user.audio() != null ? user.audio() : scenario.rates().speechDuration(user.text());
    long total = INPUT.bytes(length);
    long frame = INPUT.bytes(chunk);
    scheduler.at(at, () -> {
      session.userState(UserState.SPEAKING);
      interruptSpeech();
    });
    Instant t = at;
    for (long sent = 0; sent < total; sent += frame) {
      int n = (int) Math.min(frame, total - sent);
      t = t.plus(INPUT.duration(n));
      scheduler.at(t, () -> stt.pushAudio(Pcm.tone(INPUT.sampleRate(), n)));
    }
    Instant spoken = t;
    scheduler.at(spoken, () -> {
      synchronized (lock) {
        speechEnded = spoken;
      }
      session.userState(UserState.LISTENING);
    });
    long silence = INPUT.bytes(TRAILING_SILENCE);
    for (long sent = 0; sent < silence; sent += frame) {
      int n = (int) Math.min(frame, silence - sent);
      t = t.plus(INPUT.duration(n));
      scheduler.at(t, () -> stt.pushAudio(Pcm.silence(n)));
    }
  }

  private void interruptSpeech() {
    PipelineTts.Speech s;
    synchronized (lock) {
      s = speaking;
      speaking = null;
    }
    if (s != null) s.interrupt();
  }

  /** The STT says the user stopped: the turn ends (EOU metric), the STT flushes, the LLM answers. */
  private void endOfUserTurn() {
    Instant now = clock.now();
    Instant ended;
    Instant transcribed;
    String text;
    Turn t;
    synchronized (lock) {
      t = currentTurn();
      if (t == null || t.user() == null || speechEnded == null && finalTranscriptAt == null) return;
      ended = speechEnded != null ? speechEnded : now;
      transcribed = finalTranscriptAt != null ? finalTranscriptAt : now;
      text = transcript.length() > 0 ? transcript.toString().trim() : t.user().text();
    }
    session.emitMetric(EouMetrics.builder().timestamp(now)
        .endOfUtteranceDelay(positive(Duration.between(ended, now)))
        .transcriptionDelay(positive(Duration.between(ended, transcribed)))
        .speechId(speechId()).metadata(eouMetadata).build());
    stt.flush();
    session.agentState(AgentState.THINKING);
    session.conversationItem("user", text, false);
    synchronized (lock) {
      history.add(OpenAiChatClient.Message.user(text));
    }
    reply();
  }

  private static Duration positive(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }

  private String speechId() {
    synchronized (lock) {
      return "speech_" + turn;
    }
  }

  /** The LLM answers from the history; tool calls are answered with the scripted outputs first. */
  private void reply() {
    List<OpenAiChatClient.Message> messages;
    synchronized (lock) {
      messages = List.copyOf(history);
    }
    session.agentState(AgentState.THINKING);
    llm.stream(messages, new OpenAiChatClient.Listener() {
      @Override
      public void done(OpenAiChatClient.Completion completion, LlmMetrics metric) {
        if (metric == null) return; // failed: reported as an error
        Turn t = currentTurn();
        List<OpenAiChatClient.ToolCall> calls = completion.toolCalls();
        if (!calls.isEmpty() && t != null) {
          synchronized (lock) {
            history.add(OpenAiChatClient.Message.assistantCalls(calls));
            for (OpenAiChatClient.ToolCall c : calls) {
              history.add(OpenAiChatClient.Message.tool(c.id(), SpeechToSpeechAgent.outputFor(t.reply(), c.name())));
            }
          }
          reply();
          return;
        }
        String text = completion.text();
        synchronized (lock) {
          history.add(OpenAiChatClient.Message.assistant(text));
        }
        say(text);
      }

      @Override
      public void error(ProviderException e) {
        session.clientFailed(e);
      }
    });
  }

  /** The TTS speaks the reply; it plays out from its first audio. */
  private void say(String text) {
    int replyTurn;
    synchronized (lock) {
      replyTurn = turn;
    }
    PipelineTts.Speech s = tts.speak(text, new PipelineTts.Listener() {
      @Override
      public void firstAudio() {
        session.agentState(AgentState.SPEAKING);
        scheduleBargeIn();
      }

      @Override
      public void done(long audioBytes, Instant firstAudio, boolean interrupted) {
        spoken(replyTurn, text, audioBytes, firstAudio, interrupted);
      }

      @Override
      public void failed(ProviderException e) {
        session.clientFailed(e);
      }
    });
    synchronized (lock) {
      speaking = s;
    }
  }

  private void scheduleBargeIn() {
    Turn t = currentTurn();
    Reply r = t == null ? null : t.reply();
    if (r == null || r.interruptAfter() == null) return;
    int next;
    synchronized (lock) {
      if (nextTurnStarted) return;
      nextTurnStarted = true;
      next = turn + 1;
    }
    if (next >= scenario.turns().size()) return;
    Turn n = scenario.turns().get(next);
    scheduler.at(clock.now().plus(r.interruptAfter()), () -> {
      synchronized (lock) {
        turn = next;
        nextTurnStarted = false; // the new turn's reply may barge in or be barged into in its turn
        transcript.setLength(0);
        speechEnded = null;
        finalTranscriptAt = null;
      }
      if (n.user() != null) speak(n.user(), clock.now());
      else {
        interruptSpeech();
        reply();
      }
    });
  }

  /**
   * The reply of turn {@code replyTurn} ended. If the user has moved on to the next turn (a barge-in), that
   * turn is under way and this one only leaves its conversation item; if a barge-in is scheduled, it starts
   * the next turn; otherwise the next turn starts once the audio has played out.
   */
  private void spoken(int replyTurn, String text, long audioBytes, Instant firstAudio, boolean interrupted) {
    Instant end = clock.now();
    if (firstAudio != null && audioBytes > 0 && !interrupted) {
      Instant played = firstAudio.plus(tts.format().duration(audioBytes));
      if (played.isAfter(end)) end = played;
    }
    boolean superseded;
    boolean bargedIn;
    int current;
    synchronized (lock) {
      current = turn;
      superseded = replyTurn != current;
      bargedIn = nextTurnStarted;
      if (!superseded) speaking = null;
    }
    Instant playedOut = end;
    scheduler.at(end, () -> {
      session.conversationItem("assistant", text, interrupted);
      if (!superseded && !bargedIn) session.agentState(AgentState.LISTENING);
    });
    if (superseded) return;
    if (!bargedIn) {
      beginTurn(current + 1, playedOut);
    } else if (current == scenario.turns().size() - 1) {
      synchronized (lock) {
        finished = true;
      }
      session.conversationEnded(playedOut);
    }
  }

  private Turn currentTurn() {
    synchronized (lock) {
      return turn >= 0 && turn < scenario.turns().size() ? scenario.turns().get(turn) : null;
    }
  }

  @Override
  public boolean finished() {
    synchronized (lock) {
      return finished;
    }
  }

  @Override
  public String progress() {
    synchronized (lock) {
      return "turn " + (turn + 1) + " of " + scenario.turns().size();
    }
  }

  /** Input ends: the STT stream closes (its last usage, and LiveKit 1.5.7's remainder, are reported). */
  @Override
  public void end(Runnable closed) {
    synchronized (lock) {
      ending = true;
      if (keepAlive != null) keepAlive.cancel();
    }
    tts.close();
    synchronized (lock) {
      whenSttClosed = closed;
    }
    if (stt.isDone()) {
      sttClosed();
      return;
    }
    stt.close();
  }

  private void sttClosed() {
    Runnable r;
    synchronized (lock) {
      r = whenSttClosed;
      whenSttClosed = null;
    }
    if (r != null) r.run();
  }

  @Override
  public void close() {
    synchronized (lock) {
      ending = true;
      if (keepAlive != null) keepAlive.cancel();
    }
    try {
      tts.close();
      stt.cancel();
    } catch (RuntimeException ignored) {
      // closing never throws
    }
  }

  private final class SttEvents implements DeepgramSttClient.Listener {
    @Override
    public void finalTranscript(String text, boolean speechFinal) {
      synchronized (lock) {
        if (transcript.length() > 0) transcript.append(' ');
        transcript.append(text);
        finalTranscriptAt = clock.now();
      }
    }

    @Override
    public void endOfSpeech() {
      endOfUserTurn();
    }

    @Override
    public void error(ProviderException e) {
      session.clientFailed(e);
    }

    @Override
    public void closed() {
      sttClosed();
    }
  }
}

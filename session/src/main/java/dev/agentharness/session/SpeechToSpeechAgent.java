package dev.agentharness.session;

import dev.agentharness.audio.AudioFormat;
import dev.agentharness.audio.Pcm;
import dev.agentharness.client.ProviderException;
import dev.agentharness.clock.Scheduler;
import dev.agentharness.clock.SessionClock;
import dev.agentharness.scenario.Reply;
import dev.agentharness.scenario.Scenario;
import dev.agentharness.scenario.ToolCall;
import dev.agentharness.scenario.Turn;
import dev.agentharness.scenario.UserSpeech;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The turn-taking of an agent on a realtime (speech-to-speech) model, whatever the provider: the simulated
 * user speaks each turn into the model's input, the model detects the end of the turn and answers, its
 * audio plays out, and the next turn starts after the scripted pause — or early, when the user barges in
 * ({@link Reply#interruptAfter()}). Subclasses adapt one provider's client.
 */
abstract class SpeechToSpeechAgent implements AgentRunner {

  final SimulatedSession session;
  final Scenario scenario;
  final SessionClock clock;
  final Scheduler scheduler;
  private final AudioFormat input;
  private final Duration chunk;
  private final Duration endSilence;
  private final Map<Integer, String> tone = new HashMap<>();
  private final Map<Long, String> toneThenSilence = new HashMap<>();
  private final TurnState turns;
  private final Object lock = new Object();

  // guarded by lock
  private final List<String[]> pendingCalls = new ArrayList<>();
  private Instant bargeInAt;

  /**
   * @param input the audio format the model takes
   * @param endSilence how much silence ends a user turn for the provider's turn detection
   */
  SpeechToSpeechAgent(SimulatedSession session, SessionClock clock, AudioFormat input, Duration chunk, Duration endSilence) {
    this.session = session;
    this.scenario = session.scenario();
    this.clock = clock;
    this.scheduler = clock.scheduler("agent");
    this.input = input;
    this.chunk = chunk;
    this.endSilence = endSilence;
    this.turns = new TurnState(scenario.turns().size());
  }

  /** Dials the provider; {@link #ready()} follows once the session is configured. */
  abstract void connect();

  /** Sends microphone audio (base64 of PCM in {@link #input}'s format). */
  abstract void sendAudio(String base64);

  /** Asks the model to speak without user input (a greeting: LiveKit's {@code generate_reply}). */
  abstract void requestReply();

  /** Answers the tool calls of the current turn with the scripted outputs; the model then speaks. */
  abstract void answerToolCalls(List<String[]> callIdAndName, Reply reply);

  /** Decoded bytes per second of the model's output audio. */
  abstract AudioFormat outputFormat();

  abstract void closeClient();

  @Override
  public final void start(Instant at) {
    scheduler.at(at, () -> {
      session.agentState(AgentState.LISTENING);
      connect();
    });
  }

  // ---------------------------------------------------------------- callbacks from the client

  /** The provider session is ready: the conversation starts. */
  final void ready() {
    if (turns.started()) return;
    beginTurn(0, clock.now());
  }

  final void userStoppedSpeaking() {
    session.agentState(AgentState.THINKING);
  }

  /** The user's turn is in the conversation. */
  final void userTurnCommitted() {
    Turn t = currentTurn();
    if (t != null && t.user() != null) session.conversationItem("user", t.user().text(), false);
  }

  /** The model's first audio arrived: the agent speaks, and a scripted barge-in is scheduled. */
  final void replyAudioStarted() {
    session.agentState(AgentState.SPEAKING);
    Turn t = currentTurn();
    if (t == null || t.reply().interruptAfter() == null) return;
    int next = turns.scheduleBargeIn();
    if (next < 0) return;
    Turn n = scenario.turns().get(next);
    Instant at = clock.now().plus(t.reply().interruptAfter());
    synchronized (lock) {
      bargeInAt = at;
    }
    scheduler.at(at, () -> {
      turns.bargedIn(next);
      if (n.user() != null) speak(n.user(), clock.now());
      else requestReply();
    });
  }

  final void toolCalled(String callId, String name) {
    synchronized (lock) {
      pendingCalls.add(new String[] {callId, name});
    }
  }

  /**
   * The model finished a reply (or a tool-call step). Plays its audio out, then moves on.
   *
   * @param firstAudio when its first audio arrived, or null
   */
  final void replyDone(long audioBytes, Instant firstAudio, String transcript, boolean interrupted) {
    Turn t = currentTurn();
    List<String[]> calls;
    synchronized (lock) {
      calls = new ArrayList<>(pendingCalls);
      pendingCalls.clear();
    }
    if (!calls.isEmpty() && t != null) {
      answerToolCalls(calls, t.reply());
      return;
    }
    String text = transcript != null ? transcript : t == null ? "" : t.reply().text();
    TurnState.Outcome outcome = turns.replyDone();
    if (outcome == TurnState.Outcome.STALE) {
      // the reply of the turn the user barged in on, ending now
      session.conversationItem("assistant", text, true);
      return;
    }
    Instant end = clock.now();
    if (firstAudio != null && audioBytes > 0) {
      Instant played = firstAudio.plus(outputFormat().duration(audioBytes));
      if (played.isAfter(end)) end = played;
    }
    if (outcome == TurnState.Outcome.AWAIT_BARGE_IN) {
      Instant bargeIn;
      synchronized (lock) {
        bargeIn = bargeInAt;
      }
      boolean cut = bargeIn != null && bargeIn.isBefore(end);
      Instant at = cut ? bargeIn : end;
      scheduler.at(at, () -> {
        session.conversationItem("assistant", text, cut || interrupted);
        if (!cut) session.agentState(AgentState.LISTENING);
      });
      return;
    }
    Instant playedOut = end;
    int current = turns.current();
    scheduler.at(end, () -> {
      session.conversationItem("assistant", text, interrupted);
      session.agentState(AgentState.LISTENING);
    });
    beginTurn(current + 1, playedOut);
  }

  final void failed(ProviderException e) {
    session.clientFailed(e);
  }

  /** The scripted output of tool {@code name} in {@code reply}. */
  static String outputFor(Reply reply, String name) {
    for (ToolCall c : reply.toolCalls()) {
      if (c.name().equals(name)) return c.output();
    }
    return "{}";
  }

  // ---------------------------------------------------------------- turns

  private void beginTurn(int i, Instant after) {
    if (!turns.begin(i)) {
      session.conversationEnded(after);
      return;
    }
    Turn t = scenario.turns().get(i);
    Instant at = after.plus(t.pause());
    if (t.user() == null) {
      scheduler.at(at, this::requestReply);
    } else {
      speak(t.user(), at);
    }
  }

  /**
   * The user speaks. The microphone sends the first chunk when it has been recorded (so the provider
   * hears speech start when it happens, which barge-in needs), and the rest of the utterance together
   * with the silence that ends it when that silence is over: the provider gets the same audio, and the
   * end of the turn at the same instant, in two frames instead of dozens.
   */
  private void speak(UserSpeech user, Instant at) {
    Duration length = user.audio() != null ? user.audio() : scenario.rates().speechDuration(user.text());
    long total = input.bytes(length);
    long first = Math.min(total, input.bytes(chunk));
    long rest = total - first;
    long trailing = input.bytes(endSilence);
    scheduler.at(at, () -> session.userState(UserState.SPEAKING));
    Instant firstSent = at.plus(input.duration(first));
    scheduler.at(firstSent, () -> sendAudio(tone((int) first)));
    Instant spoken = firstSent.plus(input.duration(rest));
    scheduler.at(spoken, () -> session.userState(UserState.LISTENING));
    scheduler.at(spoken.plus(input.duration(trailing)), () -> sendAudio(toneThenSilence((int) rest, (int) trailing)));
  }

  private String tone(int bytes) {
    return tone.computeIfAbsent(bytes, b -> Base64.getEncoder().encodeToString(Pcm.tone(input.sampleRate(), b)));
  }

  /** The rest of an utterance and the silence after it, base64; turns of the same length share one. */
  private String toneThenSilence(int toneBytes, int silenceBytes) {
    return toneThenSilence.computeIfAbsent(((long) toneBytes << 32) | silenceBytes, k -> {
      byte[] audio = new byte[toneBytes + silenceBytes];
      System.arraycopy(Pcm.tone(input.sampleRate(), toneBytes), 0, audio, 0, toneBytes);
      return Base64.getEncoder().encodeToString(audio);
    });
  }

  private Turn currentTurn() {
    int turn = turns.current();
    return turn >= 0 && turn < scenario.turns().size() ? scenario.turns().get(turn) : null;
  }

  @Override
  public final boolean finished() {
    return turns.finished();
  }

  @Override
  public final String progress() {
    return turns.progress();
  }

  @Override
  public final void close() {
    try {
      closeClient();
    } catch (RuntimeException ignored) {
      // closing never throws
    }
  }
}

package dev.agentharness.session;

import dev.agentharness.audio.AudioFormat;
import dev.agentharness.audio.Pcm;
import dev.agentharness.client.ClientContext;
import dev.agentharness.client.ProviderException;
import dev.agentharness.client.openai.OpenAiRealtimeClient;
import dev.agentharness.clock.Scheduler;
import dev.agentharness.clock.SessionClock;
import dev.agentharness.metrics.RealtimeModelMetrics;
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
 * A realtime agent on OpenAI Realtime: the simulated user speaks each turn into the model's input buffer
 * (a tone, then the silence that ends the turn for server VAD), the model answers, its audio plays out,
 * and the next turn starts after the scripted pause (or early, when the user barges in).
 */
final class RealtimeAgent implements AgentRunner, OpenAiRealtimeClient.Listener {

  static final int SILENCE_MS = 500;

  private final SimulatedSession session;
  private final Scenario scenario;
  private final SessionClock clock;
  private final Scheduler scheduler;
  private final OpenAiRealtimeClient client;
  private final AudioFormat input = AudioFormat.PCM16_24K;
  private final Duration chunk;
  private final Map<Integer, String> tone = new HashMap<>();
  private final Object lock = new Object();

  // guarded by lock
  private int turn = -1;
  private boolean toolPhaseDone;
  private final List<String[]> pendingCalls = new ArrayList<>();
  private boolean nextTurnStarted;
  private boolean finished;
  private Instant playoutEnd;

  RealtimeAgent(SimulatedSession session, ClientContext context, OpenAiRealtimeClient.Options options, Duration chunk) {
    this.session = session;
    this.scenario = session.scenario();
    this.clock = context.clock();
    this.scheduler = clock.scheduler("agent");
    this.chunk = chunk;
    this.client = new OpenAiRealtimeClient(context, options.withSilenceDuration(SILENCE_MS), this);
  }

  @Override
  public void start(Instant at) {
    scheduler.at(at, () -> {
      session.agentState(AgentState.LISTENING);
      client.connect();
    });
  }

  @Override
  public void sessionReady() {
    synchronized (lock) {
      if (turn >= 0) return; // a second session.updated
    }
    beginTurn(0, clock.now());
  }

  private void beginTurn(int i, Instant after) {
    synchronized (lock) {
      turn = i;
      toolPhaseDone = false;
      nextTurnStarted = false;
      if (i >= scenario.turns().size()) {
        finished = true;
        session.conversationEnded(after);
        return;
      }
    }
    Turn t = scenario.turns().get(i);
    Instant at = after.plus(t.pause());
    if (t.user() == null) {
      scheduler.at(at, client::createResponse);
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
    long trailing = input.bytes(Duration.ofMillis(SILENCE_MS));
    scheduler.at(at, () -> session.userState(UserState.SPEAKING));
    Instant firstSent = at.plus(input.duration(first));
    scheduler.at(firstSent, () -> client.appendAudioBase64(tone((int) first)));
    Instant spoken = firstSent.plus(input.duration(rest));
    scheduler.at(spoken, () -> session.userState(UserState.LISTENING));
    scheduler.at(spoken.plus(input.duration(trailing)), () -> {
      byte[] audio = new byte[(int) (rest + trailing)];
      System.arraycopy(Pcm.tone(input.sampleRate(), (int) rest), 0, audio, 0, (int) rest);
      client.appendAudio(audio);
    });
  }

  private String tone(int bytes) {
    return tone.computeIfAbsent(bytes, b -> Base64.getEncoder().encodeToString(Pcm.tone(input.sampleRate(), b)));
  }

  @Override
  public void speechStopped() {
    session.agentState(AgentState.THINKING);
  }

  @Override
  public void userItemCommitted(String itemId) {
    Turn t = currentTurn();
    if (t != null && t.user() != null) session.conversationItem("user", t.user().text(), false);
  }

  @Override
  public void firstAudio(String responseId) {
    session.agentState(AgentState.SPEAKING);
    Turn t = currentTurn();
    if (t == null || t.reply().interruptAfter() == null) return;
    int next;
    synchronized (lock) {
      if (nextTurnStarted) return;
      nextTurnStarted = true;
      next = turn + 1;
    }
    // the user barges in after this much of the reply
    Instant at = clock.now().plus(t.reply().interruptAfter());
    if (next < scenario.turns().size()) {
      Turn n = scenario.turns().get(next);
      scheduler.at(at, () -> {
        synchronized (lock) {
          turn = next;
          toolPhaseDone = false;
        }
        if (n.user() != null) speak(n.user(), clock.now());
        else client.createResponse();
      });
    }
  }

  @Override
  public void functionCall(String responseId, String callId, String name, String arguments) {
    synchronized (lock) {
      pendingCalls.add(new String[] {callId, name});
    }
  }

  @Override
  public void responseDone(OpenAiRealtimeClient.Generation g, RealtimeModelMetrics metric) {
    Turn t = currentTurn();
    List<String[]> calls;
    synchronized (lock) {
      calls = new ArrayList<>(pendingCalls);
      pendingCalls.clear();
    }
    if (!calls.isEmpty() && t != null) {
      // answer each call with the scripted output, then the model speaks the reply
      for (String[] c : calls) client.sendFunctionOutputOnly(c[0], outputFor(t.reply(), c[1]));
      client.createResponse();
      return;
    }
    Instant now = clock.now();
    Instant end = now;
    if (g != null && g.firstToken() != null && g.audioBytes() > 0) {
      Instant played = g.firstToken().plus(AudioFormat.PCM16_24K.duration(g.audioBytes()));
      if (played.isAfter(end)) end = played;
    }
    boolean bargedIn;
    int current;
    synchronized (lock) {
      bargedIn = nextTurnStarted;
      current = turn;
      playoutEnd = end;
    }
    String text = g == null ? (t == null ? "" : t.reply().text()) : g.transcript();
    boolean interrupted = g != null && "cancelled".equals(g.status());
    Instant finalEnd = end;
    scheduler.at(end, () -> {
      session.conversationItem("assistant", text, interrupted);
      if (!bargedIn) session.agentState(AgentState.LISTENING);
    });
    if (!bargedIn) beginTurn(current + 1, finalEnd);
    else if (current >= scenario.turns().size() - 1 && currentTurnIsLast(current)) {
      synchronized (lock) {
        finished = true;
      }
      session.conversationEnded(finalEnd);
    }
  }

  private boolean currentTurnIsLast(int current) {
    return current == scenario.turns().size() - 1;
  }

  private static String outputFor(Reply reply, String name) {
    for (ToolCall c : reply.toolCalls()) {
      if (c.name().equals(name)) return c.output();
    }
    return "{}";
  }

  private Turn currentTurn() {
    synchronized (lock) {
      return turn >= 0 && turn < scenario.turns().size() ? scenario.turns().get(turn) : null;
    }
  }

  @Override
  public void error(ProviderException e) {
    session.clientFailed(e);
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

  @Override
  public void close() {
    try {
      client.close();
    } catch (RuntimeException ignored) {
      // closing never throws
    }
  }
}

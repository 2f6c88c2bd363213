/**
 * The clock a session runs on, shared by the fakes, the reference clients and the collectors.
 *
 * <p>A {@link dev.agentharness.clock.SessionClock} is also a scheduler: fakes and the session runtime
 * do not sleep, they schedule actions at instants. On the {@linkplain ClockMode#VIRTUAL virtual} clock
 * time jumps from one scheduled instant to the next, but only once everything sent over the loopback
 * sockets has been handled by its receiver (each frame is counted in flight on a
 * {@link dev.agentharness.clock.Link} from send to handle). So a client always reads the clock at exactly
 * the scripted instant, and no real time is spent waiting. On the {@linkplain ClockMode#REAL_TIME real-time}
 * clock actions run at wall-clock instants, for clients the harness does not own.
 */
package dev.agentharness.clock;

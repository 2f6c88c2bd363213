/**
 * A small JSON reader and writer used inside agentharness. Not API: it may change in any release.
 *
 * <p>Why not Jackson: the fakes and clients only read and write a known, small set of event shapes,
 * scenario errors need the line and column of every value, and a test library should not put a JSON
 * library on its users' classpath where it can clash with their own.
 */
package dev.agentharness.internal.json;

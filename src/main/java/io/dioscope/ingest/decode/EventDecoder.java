package io.dioscope.ingest.decode;

/** Turns the body of one kind of event into typed fields. Stateless; one instance serves all threads. */
@FunctionalInterface
public interface EventDecoder {
    void decode(BodyCursor body, EventRow row);
}

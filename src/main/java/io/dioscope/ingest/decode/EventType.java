package io.dioscope.ingest.decode;

/**
 * One kind of event line as {@code dioscope formats} and {@code event_types} list it: its name, where
 * it comes from, the typed columns it fills, what it means ({@link EventAccess}, null when not
 * classified) and how its range reads ({@link EventRange}).
 *
 * @param system      tracefs system ('iomap', 'filemap', ...)
 * @param family      dioscope's grouping: the decoder family, or the kind of line routed before the catalog
 * @param columns     the typed columns it fills besides the header columns, space separated
 * @param access      what it means for the page cache and direct I/O; null: not classified yet (no model
 *                    step or rule reads what it means, or no committed trace has shown it)
 * @param description one line: what the event is and how its columns read
 */
public record EventType(String name, String system, String family, String columns, EventAccess access,
        EventRange range, String description) {}

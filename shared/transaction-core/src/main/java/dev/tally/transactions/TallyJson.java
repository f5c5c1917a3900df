package dev.tally.transactions;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;

/** The one Jackson factory for request and response bodies, with the bounds a request may not pass. */
public final class TallyJson {
    public static final int MAX_NESTING_DEPTH = 32;
    /** Long enough for any valid amount with generous trailing zeros; a longer number is refused. */
    public static final int MAX_NUMBER_LENGTH = 64;
    /** IDs and request IDs stop at 128 characters; this bounds the unknown fields a request may carry. */
    public static final int MAX_STRING_LENGTH = 1 << 20;
    public static final int MAX_NAME_LENGTH = 1024;

    public static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING_DEPTH)
            .maxNumberLength(MAX_NUMBER_LENGTH)
            .maxStringLength(MAX_STRING_LENGTH)
            .maxNameLength(MAX_NAME_LENGTH)
            .build();

    public static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(CONSTRAINTS)
            // WORKLOAD.md refuses duplicate keys at any depth; Jackson already tracks them per object.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private TallyJson() {
    }
}

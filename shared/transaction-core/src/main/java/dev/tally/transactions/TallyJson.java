package dev.tally.transactions;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;

/** The one Jackson factory for request and response bodies, with the bounds a request may not pass. */
public final class TallyJson {
    public static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(Limits.MAX_NESTING_DEPTH)
            .maxNumberLength(Limits.MAX_NUMBER_LENGTH)
            .maxStringLength(Limits.MAX_STRING_LENGTH)
            .maxNameLength(Limits.MAX_NAME_LENGTH)
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

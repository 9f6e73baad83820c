package io.syncid.gateway.config;

import java.io.IOException;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import io.quarkus.jackson.ObjectMapperCustomizer;
import io.syncid.model.store.StoredFields;

/** The gateway's answers carry a stored document's fields as the JSON the writer stored, without a parse and a write. */
@Singleton
public class StoredFieldsJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("stored-fields").addSerializer(StoredFields.class, new AsStored()));
    }

    /** Writes the stored JSON object as it is: the remote-writer, the table's one writer, wrote it from a map. */
    static final class AsStored extends StdSerializer<StoredFields> {

        AsStored() {
            super(StoredFields.class);
        }

        @Override
        public void serialize(StoredFields value, JsonGenerator generator, SerializerProvider provider)
                throws IOException {
            generator.writeRawValue(value.json());
        }
    }
}

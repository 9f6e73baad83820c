package io.syncid.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The backend is chosen by a system property, processes by default, and a typo is an error, not a silent default. */
class BackendTest {

    @AfterEach
    void reset() {
        System.clearProperty(Backend.PROPERTY);
    }

    @Test
    void processesByDefault() {
        assertThat(Backend.selected()).isEqualTo(Backend.PROCESS);
    }

    @Test
    void containersWhenAsked() {
        System.setProperty(Backend.PROPERTY, "Containers");
        assertThat(Backend.selected()).isEqualTo(Backend.CONTAINERS);
    }

    @Test
    void typoIsRefused() {
        System.setProperty(Backend.PROPERTY, "docker");
        assertThatThrownBy(Backend::selected).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'process' or 'containers'");
    }
}

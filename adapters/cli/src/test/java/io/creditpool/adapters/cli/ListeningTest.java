package io.creditpool.adapters.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The test's reading of {@code /proc/net/tcp} addresses tells loopback from every other address. */
class ListeningTest {
    @Test
    void loopbackIsToldFromTheMachinesOtherAddresses() {
        assertThat(Listening.loopback("0100007F:1F90")).as("127.0.0.1:8080").isTrue();
        assertThat(Listening.loopback("00000000:1F90")).as("0.0.0.0:8080, every interface").isFalse();
        assertThat(Listening.loopback("0A00020F:1F90")).as("15.2.0.10:8080").isFalse();
        assertThat(Listening.loopback("00000000000000000000000001000000:1F90")).as("[::1]:8080").isTrue();
        assertThat(Listening.loopback("00000000000000000000000000000000:1F90")).as("[::]:8080").isFalse();
        assertThat(Listening.loopback("0000000000000000FFFF00000100007F:1F90")).as("::ffff:127.0.0.1").isTrue();
    }

    @Test
    void aProcessListeningOnEveryInterfaceIsSeen() throws Exception {
        try (var everywhere = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("0.0.0.0"))) {
            assertThat(Listening.addresses(ProcessHandle.current().pid())).as("this JVM's listening sockets")
                    .anyMatch(a -> !Listening.loopback(a)
                            && a.toUpperCase().endsWith(String.format(":%04X", everywhere.getLocalPort())));
        }
    }
}

package dev.strafe.webrtc.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sans-IO agents over real loopback UDP sockets (127.0.0.1 only), driven the way the UDP endpoint will drive
 * them: receive → {@code handle} → send the answer back to the source. Non-blocking channels, bounded loop, no sleep.
 */
class IceLoopbackTest {

    @Test
    void controllingClientConnectsToLiteServerOverLoopbackUdp() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (DatagramChannel serverSocket = DatagramChannel.open().bind(new InetSocketAddress(loopback, 0));
             DatagramChannel clientSocket = DatagramChannel.open().bind(new InetSocketAddress(loopback, 0))) {
            serverSocket.configureBlocking(false);
            clientSocket.configureBlocking(false);
            InetSocketAddress serverAddress = (InetSocketAddress) serverSocket.getLocalAddress();
            InetSocketAddress clientAddress = (InetSocketAddress) clientSocket.getLocalAddress();

            SecureRandom random = new SecureRandom();
            IceCredentials serverCreds = IceCredentials.random(random);
            IceCredentials clientCreds = IceCredentials.random(random);
            IceCredentialsRegistry registry = new IceCredentialsRegistry(4);
            IceLiteServer server = new IceLiteServer(registry);
            long start = System.nanoTime();
            IceLiteAgent serverAgent = new IceLiteAgent(serverCreds, clientCreds, IceLiteConfig.DEFAULT,
                    IceAgentListener.NONE, start);
            registry.register(serverAgent);
            IceControllingAgent client = new IceControllingAgent(clientCreds, serverCreds, List.of(serverAddress),
                    IceClientConfig.DEFAULT, random, IceAgentListener.NONE);
            client.start(start);

            ByteBuffer in = ByteBuffer.allocate(1500);
            byte[] out = new byte[IceLiteServer.MAX_RESPONSE_LENGTH];
            long giveUp = start + 5_000_000_000L;
            while (client.state() != IceConnectionState.CONNECTED && System.nanoTime() < giveUp) {
                long now = System.nanoTime();
                for (IceDatagram d; (d = client.poll()) != null; ) {
                    clientSocket.send(ByteBuffer.wrap(d.data()), d.destination());
                }
                in.clear();
                if (serverSocket.receive(in) instanceof InetSocketAddress from) {
                    int n = server.handle(in.array(), 0, in.position(), from, now, out, 0);
                    if (n > 0) {
                        serverSocket.send(ByteBuffer.wrap(out, 0, n), from);
                    }
                }
                in.clear();
                if (clientSocket.receive(in) instanceof InetSocketAddress from) {
                    client.handle(in.array(), 0, in.position(), from, now);
                }
                if (now >= client.nextDeadline()) {
                    client.onTimeout(now);
                }
                Thread.onSpinWait();
            }
            assertEquals(IceConnectionState.CONNECTED, client.state());
            assertEquals(IceConnectionState.CONNECTED, serverAgent.state());
            assertEquals(clientAddress, serverAgent.selectedAddress());
            assertEquals(serverAgent, registry.agentByAddress(clientAddress));
        }
    }
}

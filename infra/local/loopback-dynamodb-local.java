// Starts DynamoDB Local listening on 127.0.0.1 only. Its own main binds Jetty to every interface
// and has no option for the host, so this builds the same server from the same arguments, sets
// the host on its connectors before it starts, and starts it. Should a DynamoDB Local release
// rename what this reaches into, it says so on stderr (the Node side reads that line and says so
// in the banner) and starts the server as DynamoDB Local would, rather than not at all.
// Telemetry is never configured here, so none is sent (and -disableTelemetry is passed too).
class LoopbackDynamoDbLocal {
  static final String UNAVAILABLE = "orgspace: loopback binding unavailable: ";

  public static void main(String[] args) throws Exception {
    Class<?> runner = Class.forName("software.amazon.dynamodb.services.local.main.ServerRunner");
    Object proxy = runner.getMethod("createServerFromCommandLineArgs", String[].class).invoke(null, (Object) args);
    try {
      java.lang.reflect.Field field = proxy.getClass().getDeclaredField("server");
      field.setAccessible(true);
      Object server = field.get(proxy);
      Object[] connectors = (Object[]) server.getClass().getMethod("getConnectors").invoke(server);
      if (connectors.length == 0) throw new IllegalStateException("no connectors");
      for (Object connector : connectors) connector.getClass().getMethod("setHost", String.class).invoke(connector, "127.0.0.1");
    } catch (ReflectiveOperationException | RuntimeException error) {
      System.err.println(UNAVAILABLE + error);
    }
    proxy.getClass().getMethod("start").invoke(proxy);
  }
}

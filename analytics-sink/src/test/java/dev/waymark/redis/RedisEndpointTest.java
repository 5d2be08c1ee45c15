package dev.waymark.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RedisEndpointTest {

  private static RedisEndpoint parse(String url) {
    return RedisEndpoint.parse(URI.create(url));
  }

  @Test
  void threeForms_giveThreeModes() {
    assertThat(parse("redis://127.0.0.1:6379/2").mode()).isEqualTo(RedisEndpoint.Mode.STANDALONE);
    assertThat(parse("rediss://cache.example:6380").mode()).isEqualTo(RedisEndpoint.Mode.STANDALONE);
    assertThat(parse("redis-cluster://a:7000,b:7001,c").mode()).isEqualTo(RedisEndpoint.Mode.CLUSTER);
    assertThat(parse("redis-cluster://a:7000/").mode()).isEqualTo(RedisEndpoint.Mode.CLUSTER);
    assertThat(parse("redis-sentinel://a:26379,b/mymaster").mode()).isEqualTo(RedisEndpoint.Mode.SENTINEL);
  }

  @Test
  void passwords_neverShowInTheName() {
    assertThat(parse("redis-cluster://user:s3cret@a:7000,b:7001")).hasToString("redis-cluster://***@a:7000,b:7001");
    assertThat(parse("redis-sentinel://:s3cret@a:26379/m")).hasToString("redis-sentinel://***@a:26379/m");
    assertThat(parse("redis://:s3cret@a:6379/0")).hasToString("redis://***@a:6379/0");
    assertThatThrownBy(() -> parse("redis-cluster://:s3cret@a:x"))
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void malformed_isRefusedWithTheRightForm() {
    assertThatThrownBy(() -> parse("http://a:6379")).hasMessageStartingWith("must look like redis://host:port/db,"
        + " redis-cluster://host:port,host:port or redis-sentinel://host:port,host:port/master-name");
    assertThatThrownBy(() -> parse("redis-cluster://a:7000,,b:7001")).hasMessageContaining("'' is not a host:port");
    assertThatThrownBy(() -> parse("redis-cluster://a:70000")).hasMessageContaining("'a:70000' is not a host:port");
    assertThatThrownBy(() -> parse("redis-cluster://a:7000/1")).hasMessageContaining("only database 0");
    assertThatThrownBy(() -> parse("redis-cluster://a:7000?x=1")).hasMessageContaining("without a query");
    assertThatThrownBy(() -> parse("redis-sentinel://a:26379")).hasMessageStartingWith("must name the master");
    assertThatThrownBy(() -> parse("redis-sentinel://a:26379/m/0")).hasMessageStartingWith("must name the master");
    assertThatThrownBy(() -> parse("redis://a:6379/x")).hasMessageContaining("database must be a number");
  }
}

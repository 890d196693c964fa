package com.serveurcom.astreinte.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptBuilderTest {
  @TempDir Path dir;

  static final Path SHIPPED = Path.of("..", "config").toAbsolutePath().normalize();

  @Test
  void everySoundTheLinePlaysHasAText() throws Exception {
    PromptTexts texts = PromptTexts.load(SHIPPED);
    for (String sound : SoundsInCode.names()) {
      assertThat(texts.texts()).as("text of %s", sound).containsKey(sound);
    }
  }

  @Test
  void buildsEightKilohertzMonoWavFiles() throws Exception {
    PromptBuilder builder = PromptBuilder.fromPath();
    assertThat(builder.missingTools()).as("espeak-ng and sox are installed by .ci/run").isEmpty();
    PromptTexts one = new PromptTexts(Map.of("astreinte/bienvenue", "Bienvenue au service clients Serveurcom."));
    List<Path> written = builder.build(one, dir);
    assertThat(written).containsExactly(dir.resolve("astreinte/bienvenue.wav"));
    AudioFormat f = AudioSystem.getAudioFileFormat(written.get(0).toFile()).getFormat();
    assertThat(f.getSampleRate()).isEqualTo(8000f);
    assertThat(f.getChannels()).isEqualTo(1);
    assertThat(f.getSampleSizeInBits()).isEqualTo(16);
    assertThat(Files.size(written.get(0))).isGreaterThan(8000); // about a second of speech at least
  }

  @Test
  void missingToolsAreNamed() {
    assertThat(new PromptBuilder("no-such-espeak", "no-such-sox").missingTools())
        .containsExactly("no-such-espeak", "no-such-sox");
  }

  @Test
  void aBadFileNamesTheProblem() throws Exception {
    Files.writeString(dir.resolve("prompts.yaml"), "astreinte/ok: \"Bonjour\"\n../../etc/passwd: \"x\"\nastreinte/vide: \"\"\n");
    assertThatThrownBy(() -> PromptTexts.load(dir))
        .isInstanceOfSatisfying(PromptTexts.PromptException.class, e -> assertThat(e.problems()).hasSize(2));
    Files.writeString(dir.resolve("prompts.yaml"), "a: [\n");
    assertThatThrownBy(() -> PromptTexts.load(dir)).hasMessageStartingWith("prompts.yaml:");
  }
}

package com.serveurcom.astreinte.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import org.junit.jupiter.api.Test;

class XmlFactoriesTest {
  @Test
  void theNamedFactoriesAreTheOnesJaxpWouldFindAndTwimlStillRenders() {
    String documentBuilderBefore = DocumentBuilderFactory.newDefaultInstance().getClass().getName();
    String transformerBefore = TransformerFactory.newDefaultInstance().getClass().getName();

    XmlFactories.preferJdkImplementations();

    assertThat(System.getProperty(XmlFactories.DOCUMENT_BUILDER)).isEqualTo(documentBuilderBefore);
    assertThat(System.getProperty(XmlFactories.TRANSFORMER)).isEqualTo(transformerBefore);
    assertThat(DocumentBuilderFactory.newInstance().getClass().getName()).isEqualTo(documentBuilderBefore);
    assertThat(TransformerFactory.newInstance().getClass().getName()).isEqualTo(transformerBefore);
    assertThat(new PageTwiml(() -> ShippedTexts.TEXTS).sayAndHangup("Bonjour")).contains("<Say language=\"fr-FR\"", "Bonjour", "<Hangup/>");
  }
}

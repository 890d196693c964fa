package com.serveurcom.astreinte.twilio;

/**
 * twilio-java renders every TwiML document with a fresh {@code DocumentBuilderFactory} and
 * {@code TransformerFactory}. Without a system property naming the implementation, JAXP looks each
 * one up through {@code ServiceLoader}, which opens every jar of the class path for a
 * {@code META-INF/services} entry: a profile of a burst of pages showed that search as the largest
 * single cost of a voice page. Naming the JDK's own implementations, which JAXP would pick anyway
 * since no jar here provides another, skips the search.
 */
public final class XmlFactories {
  static final String DOCUMENT_BUILDER = "javax.xml.parsers.DocumentBuilderFactory";
  static final String TRANSFORMER = "javax.xml.transform.TransformerFactory";

  private XmlFactories() {}

  /** Names the JDK's factories unless the JVM was started with others. */
  public static void preferJdkImplementations() {
    setIfAbsent(DOCUMENT_BUILDER, "com.sun.org.apache.xerces.internal.jaxp.DocumentBuilderFactoryImpl");
    setIfAbsent(TRANSFORMER, "com.sun.org.apache.xalan.internal.xsltc.trax.TransformerFactoryImpl");
  }

  private static void setIfAbsent(String property, String implementation) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, implementation);
    }
  }
}

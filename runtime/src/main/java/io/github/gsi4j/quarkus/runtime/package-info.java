/**
 * Runtime part of the Quarkus extension: maps {@code quarkus.langchain4j.gsi.*} configuration onto the
 * builders of the {@code gsi4j-langchain4j} library and exposes the resulting models as CDI beans.
 */
package io.github.gsi4j.quarkus.runtime;

package io.heaplens.rules.programs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An import that parses {@value #CUSTOMERS} customer rows and keeps them in a directory. Each row's
 * country, status and city are fresh strings, as a parser makes them, so a few values exist in
 * hundreds of thousands of copies. {@code --healthy} canonicalizes those fields through a map, so
 * each value exists once.
 */
public final class CustomerImportProgram {
  public static final int CUSTOMERS = 100_000;
  static final String[] COUNTRIES = {"Portugal", "Poland", "Belgium", "Denmark", "Czechia"};
  static final String[] STATUSES = {"ACTIVE", "SUSPENDED", "CLOSED"};
  /** Lodz (spelled in Polish) is not Latin-1: its copies are UTF-16 strings. */
  static final String[] CITIES = {"\u0141\u00f3d\u017a", "Porto", "Ghent", "Aarhus"};

  /** One customer row. */
  record Customer(long id, String name, String country, String status, String city) {}

  /** Holds every imported customer. */
  static final class CustomerDirectory {
    static final List<Customer> CUSTOMERS_LIST = new ArrayList<>();
  }

  private CustomerImportProgram() {}

  public static void main(String[] args) throws Exception {
    Path out = HeapDumpOnExit.outputDirectory(args);
    boolean healthy = HeapDumpOnExit.has(args, "--healthy");
    Map<String, String> canonical = new HashMap<>();
    for (int i = 0; i < CUSTOMERS; i++) {
      String country = parsed(COUNTRIES[i % COUNTRIES.length]);
      String status = parsed(STATUSES[i % STATUSES.length]);
      String city = parsed(CITIES[i % CITIES.length]);
      if (healthy) {
        country = canonical.computeIfAbsent(country, v -> v);
        status = canonical.computeIfAbsent(status, v -> v);
        city = canonical.computeIfAbsent(city, v -> v);
      }
      CustomerDirectory.CUSTOMERS_LIST.add(new Customer(i, "customer-" + i, country, status, city));
    }
    HeapDumpOnExit.dump(out);
  }

  /** A new string with the value's characters, as a parser reading a row creates it. */
  private static String parsed(String value) {
    return new String(value.toCharArray());
  }
}

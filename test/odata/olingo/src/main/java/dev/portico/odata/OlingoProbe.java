package dev.portico.odata;

import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.olingo.client.api.ODataClient;
import org.apache.olingo.client.api.communication.request.batch.BatchManager;
import org.apache.olingo.client.api.communication.request.batch.ODataBatchResponseItem;
import org.apache.olingo.client.api.communication.request.batch.ODataChangeset;
import org.apache.olingo.client.api.communication.request.cud.ODataEntityCreateRequest;
import org.apache.olingo.client.api.communication.request.retrieve.ODataEntitySetRequest;
import org.apache.olingo.client.api.communication.response.ODataBatchResponse;
import org.apache.olingo.client.api.communication.response.ODataResponse;
import org.apache.olingo.client.api.domain.ClientEntity;
import org.apache.olingo.client.api.domain.ClientEntitySet;
import org.apache.olingo.client.core.ODataClientFactory;
import org.apache.olingo.client.core.http.BasicAuthHttpClientFactory;
import org.apache.olingo.commons.api.edm.Edm;
import org.apache.olingo.commons.api.edm.EdmEntitySet;
import org.apache.olingo.commons.api.edm.EdmEntityType;
import org.apache.olingo.commons.api.edm.FullQualifiedName;

/**
 * An independent OData client run against a Portico service: reads $metadata into Olingo's
 * EDM (which refuses malformed CSDL), runs a filtered, expanded query and a $batch with a
 * change set. Prints one line per check; any exception fails the run with a non-zero exit.
 * Usage: OlingoProbe <service root> <user> <password> <tag label>
 */
public final class OlingoProbe {
  private OlingoProbe() {}

  public static void main(String[] args) throws Exception {
    String root = args[0];
    ODataClient client = ODataClientFactory.getClient();
    client.getConfiguration().setHttpClientFactory(new BasicAuthHttpClientFactory(args[1], args[2]));
    metadata(client, root);
    query(client, root);
    batch(client, root, args[3]);
  }

  private static void metadata(ODataClient client, String root) {
    Edm edm = client.getRetrieveRequestFactory().getMetadataRequest(root).execute().getBody();
    List<String> sets = new ArrayList<>();
    for (EdmEntitySet set : edm.getEntityContainer().getEntitySets()) sets.add(set.getName());
    EdmEntityType line = edm.getEntityType(new FullQualifiedName("Sales", "OrderLine"));
    EdmEntityType product = edm.getEntityType(new FullQualifiedName("Sales", "Product"));
    System.out.println("METADATA sets=" + String.join(",", sets)
        + " lineKey=" + String.join(",", line.getKeyPredicateNames())
        + " priceType=" + product.getStructuralProperty("price").getType().getFullQualifiedName()
        + " priceScale=" + product.getStructuralProperty("price").getScale()
        + " categoryNav=" + product.getNavigationProperty("category").getType().getFullQualifiedName());
  }

  private static void query(ODataClient client, String root) {
    URI uri = client.newURIBuilder(root).appendEntitySetSegment("Products")
        .filter("price gt 20 and category/code ne 'GARDEN'").expand("category").select("sku", "price").orderBy("sku").top(5).build();
    ODataEntitySetRequest<ClientEntitySet> request = client.getRetrieveRequestFactory().getEntitySetRequest(uri);
    ClientEntitySet set = request.execute().getBody();
    List<String> rows = new ArrayList<>();
    for (ClientEntity e : set.getEntities()) {
      ClientEntity category = e.getNavigationLink("category").asInlineEntity().getEntity();
      rows.add(e.getProperty("sku").getPrimitiveValue() + ":" + e.getProperty("price").getPrimitiveValue() + ":" + category.getProperty("code").getPrimitiveValue());
    }
    System.out.println("QUERY " + String.join(",", rows));
  }

  private static void batch(ODataClient client, String root, String label) {
    BatchManager payload = client.getBatchRequestFactory().getBatchRequest(root).payloadManager();
    ODataChangeset changeset = payload.addChangeset();
    for (String suffix : new String[] {"-a", "-b"}) {
      ClientEntity tag = client.getObjectFactory().newEntity(new FullQualifiedName("Sales", "Tag"));
      tag.getProperties().add(client.getObjectFactory().newPrimitiveProperty("label",
          client.getObjectFactory().newPrimitiveValueBuilder().buildString(label + suffix)));
      URI tags = client.newURIBuilder(root).appendEntitySetSegment("Tags").build();
      ODataEntityCreateRequest<ClientEntity> create = client.getCUDRequestFactory().getEntityCreateRequest(tags, tag);
      changeset.addRequest(create);
    }
    URI count = client.newURIBuilder(root).appendEntitySetSegment("Tags").filter("startswith(label,'" + label + "')").build();
    payload.addRequest(client.getRetrieveRequestFactory().getEntitySetRequest(count));
    ODataBatchResponse response = payload.getResponse();
    List<String> statuses = new ArrayList<>();
    statuses.add(String.valueOf(response.getStatusCode()));
    Iterator<ODataBatchResponseItem> items = response.getBody();
    while (items.hasNext()) {
      ODataBatchResponseItem item = items.next();
      while (item.hasNext()) {
        ODataResponse r = item.next();
        statuses.add(String.valueOf(r.getStatusCode()));
      }
      item.close();
    }
    System.out.println("BATCH " + String.join(",", statuses));
  }
}

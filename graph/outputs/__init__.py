"""What the model is written out as: the Neo4j writer, file exports, the Browser style, the docs."""

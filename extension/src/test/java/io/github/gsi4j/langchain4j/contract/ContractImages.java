package io.github.gsi4j.langchain4j.contract;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

import javax.imageio.ImageIO;

import dev.langchain4j.data.message.ImageContent;

/**
 * A real PNG made here, standing in for the suites' images they would download from Wikimedia (the tests reach
 * nothing but loopback; GSI refuses images before looking at them).
 */
final class ContractImages {

    private ContractImages() {
    }

    static ImageContent pngBase64() {
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 1, 0xff8800);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ImageContent.from(Base64.getEncoder().encodeToString(out.toByteArray()), "image/png");
    }
}

package io.lorastream.lora.peft;

/** File and key names of Hugging Face PEFT's adapter directory layout. */
public final class PeftFormat {

    public static final String CONFIG_FILE = "adapter_config.json";
    public static final String WEIGHTS_FILE = "adapter_model.safetensors";
    /** PEFT's older pickle format, which we do not read. */
    public static final String LEGACY_WEIGHTS_FILE = "adapter_model.bin";

    /** PEFT's prefix for every tensor key: {@code PeftModel.base_model} (LoraModel) then its {@code model}. */
    public static final String KEY_PREFIX = "base_model.model.";

    /**
     * Our own section in {@code adapter_config.json} (the label names). PEFT 0.13 and later ignore
     * config keys they do not know, with a warning (huggingface/peft#2038); older PEFT versions
     * refuse them with {@code TypeError: LoraConfig.__init__() got an unexpected keyword argument},
     * so loading our adapters in Python needs PEFT 0.13+ (or the section removed).
     */
    public static final String LORASTREAM_SECTION = "lorastream";

    private PeftFormat() {}
}

// The browser side of ui/stream_upload.py: a button that opens a hidden file chooser, then each chosen file is
// posted as the raw request body (XMLHttpRequest, for its upload progress) to /uploads/{purpose} with the page's
// upload token. Every text shown comes from the props or the server's answer and is put in as text, never as HTML.
export default {
  template: `
    <div class="stream-upload">
      <div class="row items-center no-wrap q-gutter-sm">
        <q-btn :label="button_label" icon="upload_file" color="primary" outline no-caps :disable="busy"
               data-testid="upload-button" @click="choose" />
        <input ref="input" type="file" :accept="accept" :multiple="multiple" style="display: none"
               data-testid="upload-input" @change="chosen" />
        <div v-if="error" class="text-negative text-body2" role="alert" data-testid="upload-error">{{ error }}</div>
      </div>
      <div v-if="busy" class="q-mt-sm" style="max-width: 480px" data-testid="upload-progress">
        <div class="row no-wrap text-caption text-grey-8">
          <span class="ellipsis col">{{ current }}</span><span class="q-ml-sm">{{ percent }}%</span>
        </div>
        <q-linear-progress :value="percent / 100" size="8px" rounded color="primary" instant-feedback />
      </div>
    </div>
  `,
  props: {
    url: String,
    token: String,
    accept: String,
    multiple: Boolean,
    limit: Number,
    button_label: String,
    messages: Object,
  },
  data() {
    return { busy: false, percent: 0, current: "", error: "" };
  },
  methods: {
    choose() {
      this.$refs.input.click();
    },
    async chosen(event) {
      const picked = Array.from(event.target.files || []);
      event.target.value = ""; // the same file may be chosen again after an error
      if (picked.length === 0) return;
      this.error = "";
      for (const file of picked) {
        if (!(await this.send(file))) break;
      }
    },
    fail(file, message) {
      this.error = `${file.name}：${message}`;
      return false;
    },
    send(file) {
      if (file.size > this.limit) return Promise.resolve(this.fail(file, this.messages.too_large));
      this.busy = true;
      this.percent = 0;
      this.current = file.name;
      return new Promise((resolve) => {
        const xhr = new XMLHttpRequest();
        xhr.open("POST", (this.url.startsWith("/") ? window.path_prefix : "") + this.url);
        xhr.responseType = "json";
        xhr.setRequestHeader("X-Upload-Token", this.token);
        xhr.setRequestHeader("X-File-Name", encodeURIComponent(file.name));
        xhr.upload.onprogress = (e) => {
          if (e.lengthComputable && e.total > 0) this.percent = Math.floor((e.loaded * 100) / e.total);
        };
        xhr.onload = () => {
          const answer = xhr.response;
          if (xhr.status === 200 && answer && answer.file_id) {
            this.percent = 100;
            this.$emit("uploaded", answer);
            resolve(true);
          } else {
            resolve(this.fail(file, (answer && answer.message) || this.messages.failed));
          }
        };
        xhr.onerror = () => resolve(this.fail(file, this.messages.network));
        xhr.onabort = xhr.onerror;
        xhr.send(file);
      }).finally(() => {
        this.busy = false;
      });
    },
  },
};
